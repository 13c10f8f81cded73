package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.data.Batches;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.run.Console;
import dev.noiseshield.run.MemoryGuard;
import dev.noiseshield.run.MemoryLimitException;
import dev.noiseshield.run.Pace;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs one (non-composite) attack over a data set, batch by batch in closed sub-managers, and
 * scores every adversarial example with several noise draws. The attack sees the deployed
 * classifier (the ensemble, if predictions use one), wrapped in EOT as the spec asks.
 *
 * <p>Every batch draws from its own seed, derived from the run's seed, the run's position in the
 * evaluation and the batch's first example. So a batch's result does not depend on what ran before
 * it: a batch the {@link EvaluationJournal} already holds is skipped, and the rest give the numbers
 * an uninterrupted evaluation gives.
 */
final class AttackRunner {
    /**
     * @param fractions per example, the fraction of scoring draws that classify it correctly
     * @param selection the same on independent draws, to choose a worst case by ({@link
     *     DrawScores})
     * @param sizes per example, the size of its perturbation in the attack's norm (0 when clean)
     * @param images the adversarial examples (N * C * H * W floats), when asked to keep them
     * @param predictions one draw's predicted class per example, when asked to keep images
     * @param seconds time spent on the batches, those of an earlier, interrupted process included
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    record Outcome(
            float[] fractions,
            float[] selection,
            float[] sizes,
            float[] images,
            long[] predictions,
            double seconds) {
        /** Both scorings, as the cascade takes them. */
        DrawScores.Scored scored() {
            return new DrawScores.Scored(fractions, selection);
        }
    }

    private final Classifier deployed;
    private final int batchSize;
    private final int scoringDraws;
    private final Function<String, Classifier> sources;
    private final EvaluationJournal journal;
    private final NDManager root;
    private Consumer<String> progress = line -> {};
    private double progressSeconds = 10;

    /**
     * @param deployed what the attacks attack and the predictions come from
     * @param scoringDraws predictions per example (1 on a deterministic model)
     * @param sources loads the substitute models of transfer attacks
     */
    AttackRunner(
            Classifier deployed,
            int batchSize,
            int scoringDraws,
            Function<String, Classifier> sources,
            EvaluationJournal journal,
            NDManager root) {
        this.deployed = deployed;
        this.batchSize = batchSize;
        this.scoringDraws = scoringDraws;
        this.sources = sources;
        this.journal = journal;
        this.root = root;
    }

    Classifier deployed() {
        return deployed;
    }

    /** Predictions per example (1 on a deterministic model). */
    int scoringDraws() {
        return scoringDraws;
    }

    /**
     * Where a long run reports the batches it has done and its expected end, at most every {@code
     * seconds}.
     */
    AttackRunner progress(Consumer<String> sink, double seconds) {
        this.progress = sink;
        this.progressSeconds = seconds;
        return this;
    }

    /**
     * The same runner with a journal of its own in memory: for runs beside the evaluation's numbers
     * (the report's example images), which neither replay nor extend its journal.
     */
    AttackRunner unrecorded() {
        return new AttackRunner(
                        deployed,
                        batchSize,
                        scoringDraws,
                        sources,
                        EvaluationJournal.inMemory(),
                        root)
                .progress(progress, progressSeconds);
    }

    /** Clean inputs (spec null) or adversarial ones, as the evaluation's next run. */
    Outcome run(AttackSpec spec, ImageDataset data, long seed, boolean keepImages) {
        return run(spec, data, seed, keepImages, journal.next(name(spec)), 0);
    }

    /**
     * Clean inputs (spec null) or adversarial ones, as run {@code index} of the evaluation, whose
     * examples start at {@code offset}: a shard's runs are placed by their shard, not by what ran
     * before them in this process ({@link ShardPlan}).
     */
    Outcome run(
            AttackSpec spec,
            ImageDataset data,
            long seed,
            boolean keepImages,
            int index,
            int offset) {
        return run(spec, data, seed, keepImages, journal.run(index, name(spec)), offset);
    }

    private static String name(AttackSpec spec) {
        return spec == null ? "clean" : spec.name();
    }

    private Outcome run(
            AttackSpec spec,
            ImageDataset data,
            long seed,
            boolean keepImages,
            EvaluationJournal.Run run,
            int offset) {
        Classifier attacked = spec == null ? deployed : Eot.wrap(deployed, spec.eot());
        float[] fractions = new float[data.size()];
        float[] selection = new float[data.size()];
        float[] sizes = new float[data.size()];
        int pixels = data.channels() * data.height() * data.width();
        float[] images = keepImages ? new float[data.size() * pixels] : null;
        long[] predictions = keepImages ? new long[data.size()] : null;
        double seconds = 0;
        int done = 0;
        // An ensemble keeps the graphs of all its draws alive for one gradient; dividing the batch
        // by its draws keeps the memory of a step that of a single pass (an RSE 10-draw ensemble at
        // batch 250 peaked at 4 GB).
        int draws = passesPerCall(deployed);
        List<int[]> batches = Batches.inOrder(data.size(), Math.max(1, batchSize / draws));
        try (Eta eta = new Eta(run.name(), batches.size())) {
            for (int[] batch : batches) {
                EvaluationJournal.Batch earlier =
                        keepImages ? null : run.finished(offset + done, batch.length);
                if (earlier == null) {
                    long start = System.nanoTime();
                    long batchSeed = batchSeed(seed, run.index(), offset + done);
                    root.getEngine().setRandomSeed((int) batchSeed);
                    Attack attack = spec == null ? null : spec.build(sources, batchSeed);
                    try (NDManager scope = root.newSubManager()) {
                        MemoryGuard.check("an attack");
                        NDArray x = data.images(batch, scope);
                        NDArray y = data.labels(batch, scope);
                        NDArray input =
                                attack == null ? x : attack.perturb(attacked, x, y, spec.epsilon());
                        DrawScores.Scored f =
                                DrawScores.correctFractions(deployed, input, y, scoringDraws);
                        float[] size =
                                attack == null
                                        ? new float[batch.length]
                                        : attack.norm().size(input.sub(x)).toFloatArray();
                        if (keepImages) {
                            keep(input, done, pixels, images, predictions);
                        }
                        earlier =
                                new EvaluationJournal.Batch(
                                        f.estimate(),
                                        f.selection(),
                                        size,
                                        (System.nanoTime() - start) / 1e9);
                    } catch (MemoryLimitException e) {
                        String where = run.name() + ", at example " + done + " of " + data.size();
                        throw new EvaluationStoppedException(
                                e.getMessage().replace(" during an attack", " during " + where), e);
                    }
                    run.record(offset + done, earlier);
                    eta.batchDone(earlier.seconds());
                } else {
                    eta.batchSkipped();
                }
                System.arraycopy(earlier.fractions(), 0, fractions, done, batch.length);
                System.arraycopy(earlier.selection(), 0, selection, done, batch.length);
                System.arraycopy(earlier.sizes(), 0, sizes, done, batch.length);
                seconds += earlier.seconds();
                done += batch.length;
            }
        }
        return new Outcome(fractions, selection, sizes, images, predictions, seconds);
    }

    /**
     * Copies a batch's adversarial images and one draw's predictions from example {@code first}.
     */
    private void keep(NDArray input, int first, int pixels, float[] images, long[] predictions) {
        float[] batchImages = input.toFloatArray();
        System.arraycopy(batchImages, 0, images, first * pixels, batchImages.length);
        long[] batchPredictions = Predictions.classes(deployed, input).toLongArray();
        System.arraycopy(batchPredictions, 0, predictions, first, batchPredictions.length);
    }

    /** Batches done of a run, and when the rest should be done at the pace so far. */
    private final class Eta implements AutoCloseable {
        private final String name;
        private final int total;
        private final ProgressBar bar;
        private int done;
        private int computed;
        private double computeSeconds;
        private final Pace pace = new Pace(progressSeconds);

        Eta(String name, int total) {
            this.name = name;
            this.total = total;
            this.bar = total > 1 ? Console.bar("  " + name, total) : null;
        }

        void batchSkipped() {
            done++;
            if (bar != null) {
                bar.step();
            }
        }

        void batchDone(double seconds) {
            done++;
            computed++;
            computeSeconds += seconds;
            if (bar != null) {
                bar.step();
                return;
            }
            if (done < total && pace.due()) {
                progress.accept(
                        String.format(Locale.ROOT, "  %s: batch %d/%d, ", name, done, total)
                                + Pace.soFar(computeSeconds, computed, total - done));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Forward passes behind one call of the deployed classifier's logits. */
    static int passesPerCall(Classifier deployed) {
        return deployed instanceof Ensemble ensemble ? ensemble.draws() : 1;
    }

    /**
     * The seed of one batch: SplitMix64's finaliser over the run's seed, the run's position and the
     * batch's first example, so that neighbouring batches and runs get unrelated streams.
     */
    static long batchSeed(long seed, int run, int firstExample) {
        long z =
                seed * 0x9E3779B97F4A7C15L
                        + run * 0xBF58476D1CE4E5B9L
                        + firstExample * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
