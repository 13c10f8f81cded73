package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.data.Batches;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.run.MemoryGuard;
import dev.noiseshield.run.MemoryLimitException;
import java.util.function.Function;

/**
 * Runs one (non-composite) attack over a data set, batch by batch in closed sub-managers, and scores
 * every adversarial example with several noise draws. The attack sees the deployed classifier (the
 * ensemble, if predictions use one), wrapped in EOT as the spec asks.
 */
final class AttackRunner {
    /**
     * @param fractions per example, the fraction of scoring draws that classify it correctly
     * @param images the adversarial examples (N * C * H * W floats), when asked to keep them
     * @param predictions one draw's predicted class per example, when asked to keep images
     */
    record Outcome(float[] fractions, float[] images, long[] predictions, double seconds) {}

    /** The memory guard stopped the run; the first {@code done} fractions are final. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient float[] fractions;
        final int done;

        Interrupted(MemoryLimitException cause, float[] fractions, int done, String what) {
            super(cause.getMessage().replace(" during an attack", " during " + what + ", at example " + done + " of "
                    + fractions.length + ", in an attack"), cause);
            this.fractions = fractions;
            this.done = done;
        }
    }

    private AttackRunner() {}

    /** Clean inputs (attack null) or adversarial ones. */
    static Outcome run(Classifier deployed, AttackSpec spec, ImageDataset data, int batchSize, int scoringDraws,
            Function<String, Classifier> sources, long seed, boolean keepImages, NDManager root) {
        long start = System.nanoTime();
        Attack attack = spec == null ? null : spec.build(sources, seed);
        Classifier attacked = spec == null ? deployed : Eot.wrap(deployed, spec.eot());
        float[] fractions = new float[data.size()];
        int pixels = data.channels() * data.height() * data.width();
        float[] images = keepImages ? new float[data.size() * pixels] : null;
        long[] predictions = keepImages ? new long[data.size()] : null;
        int done = 0;
        // An ensemble keeps the graphs of all its draws alive for one gradient; dividing the batch by
        // its draws keeps the memory of a step that of a single pass (an RSE 10-draw ensemble at batch
        // 250 peaked at 4 GB).
        int draws = deployed instanceof Ensemble ? ((Ensemble) deployed).draws() : 1;
        int effectiveBatch = Math.max(1, batchSize / draws);
        for (int[] batch : Batches.inOrder(data.size(), effectiveBatch)) {
            try (NDManager scope = root.newSubManager()) {
                MemoryGuard.check("an attack");
                NDArray x = data.images(batch, scope);
                NDArray y = data.labels(batch, scope);
                NDArray input = attack == null ? x : attack.perturb(attacked, x, y, spec.epsilon());
                float[] f = DrawScores.correctFractions(deployed, input, y, scoringDraws);
                System.arraycopy(f, 0, fractions, done, f.length);
                if (keepImages) {
                    System.arraycopy(input.toFloatArray(), 0, images, done * pixels, batch.length * pixels);
                    System.arraycopy(Predictions.classes(deployed, input).toLongArray(), 0, predictions, done,
                            batch.length);
                }
                done += batch.length;
            } catch (MemoryLimitException e) {
                throw new Interrupted(e, fractions, done, spec == null ? "clean scoring" : spec.name());
            }
        }
        return new Outcome(fractions, images, predictions, (System.nanoTime() - start) / 1e9);
    }
}
