package dev.noiseshield.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.eval.EvalConfig;
import dev.noiseshield.eval.RobustnessEvaluator;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.ResidentMemory;
import dev.noiseshield.train.AdversarialStep;
import dev.noiseshield.train.NesterovSgd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The memory soak: each code path (training, an evaluation, every attack of the registry) runs for
 * many steps on a small CNN (PNI-W where the path is about noise) and the digits while a sampler
 * reads resident memory every 20 ms. An attack's steps run inside one call, as in an evaluation, so
 * that what a step leaves behind until the call ends is seen: Square's 5,000 queries once grew by
 * 230 MB a second inside one call. A path passes when memory has stopped growing: the least-squares
 * slope of the second half of the readings (by time), per 1,000 steps, is within the bound. The
 * first half is warm-up.
 */
public final class MemorySoak {
    /**
     * The bound on growth a path may show, in MB per 1,000 steps, unless the caller sets another.
     */
    public static final double DEFAULT_BOUND_MB_PER_1000 = 32;

    private static final int WARM_UP_CHUNK = 50;
    private static final int MAX_WARM_UP_STEPS = 1000;
    private static final int QUIET_STEPS = 200;
    private static final long QUIET_MEGABYTES = 1;

    /**
     * A code path: what a step is, how many steps the soak runs at scale 1, and for the attacks the
     * spec with {@code %d} for the steps of the single call.
     */
    public record SoakPath(String name, String step, int steps, String attack) {}

    /** What one path measured. */
    public record Result(
            String path,
            String step,
            int steps,
            long firstMegabytes,
            long lastMegabytes,
            long peakMegabytes,
            double growthPer1000Steps,
            double boundPer1000Steps,
            double seconds) {
        public boolean passed() {
            return growthPer1000Steps <= boundPer1000Steps;
        }
    }

    public static final Map<String, SoakPath> PATHS =
            byName(
                    new SoakPath("train", "PGD-3 adversarial-training step", 300, null),
                    new SoakPath("evaluate", "evaluation: clean and FGSM, 2 draws", 30, null),
                    new SoakPath("fgsm", "FGSM call", 300, "fgsm"),
                    new SoakPath("pgd-eot", "PGD iteration, EOT 4", 300, "pgd:steps=%d,eot=4"),
                    new SoakPath("pgd-l2", "PGD-L2 iteration", 300, "pgd:steps=%d,norm=l2,eps=1.5"),
                    new SoakPath("cw-linf", "C&W-L-inf iteration", 300, "cw-linf:steps=%d"),
                    new SoakPath("apgd-ce", "APGD-CE iteration", 300, "apgd-ce:steps=%d"),
                    new SoakPath("apgd-dlr", "APGD-DLR iteration", 300, "apgd-dlr:steps=%d"),
                    new SoakPath(
                            "apgd-t",
                            "APGD-T iteration (9 targets)",
                            297,
                            "apgd-t:steps=%d,targets=9"),
                    new SoakPath(
                            "cw-l2",
                            "C&W-L2 Adam step (5 searches)",
                            300,
                            "cw-l2:search=5,steps=%d,eps=1.5"),
                    new SoakPath("square", "Square query", 3000, "square:steps=%d,eps=0.02"),
                    // ZOO's forward passes of about 1,000 probe images raise malloc's
                    // pools by ~300 MB over its first 100 to 500 iterations, then hold
                    // (6 x 120 iterations: 432, 761, 825, 889, 953, 955, 958 MB); at 60
                    // iterations the second half often still rose
                    new SoakPath(
                            "zoo",
                            "ZOO iteration (64 probes an image)",
                            240,
                            "zoo:steps=%d,coords=32"),
                    new SoakPath("random", "random-noise call", 300, "random"),
                    new SoakPath(
                            "transfer",
                            "transfer PGD iteration",
                            300,
                            "transfer:steps=%d,source=substitute"));

    /** The paths by name, in their order. */
    private static Map<String, SoakPath> byName(SoakPath... paths) {
        Map<String, SoakPath> all = new LinkedHashMap<>();
        for (SoakPath path : paths) {
            all.put(path.name(), path);
        }
        return Collections.unmodifiableMap(all);
    }

    private final double scale;
    private final int batch;
    private final double bound;
    private final ImageDataset data;
    private final Consumer<String> progress;

    public MemorySoak(
            double scale,
            int batch,
            double boundPer1000Steps,
            ImageDataset data,
            Consumer<String> progress) {
        if (!(scale > 0) || batch < 1 || !(boundPer1000Steps >= 0)) {
            throw new IllegalArgumentException(
                    "the soak needs a scale > 0, batch >= 1 and a bound >= 0");
        }
        this.scale = scale;
        this.batch = Math.min(batch, data.size());
        this.bound = boundPer1000Steps;
        this.data = data;
        this.progress = progress;
    }

    /** Refuses a path name the soak does not know, listing the known ones. */
    public static void requireKnown(List<String> paths) {
        for (String path : paths) {
            if (!PATHS.containsKey(path)) {
                throw new IllegalArgumentException(
                        "--paths: unknown path '"
                                + path
                                + "'; known: "
                                + String.join(", ", PATHS.keySet()));
            }
        }
    }

    public List<Result> run(List<String> paths) {
        requireKnown(paths);
        List<Result> results = new ArrayList<>();
        try (NDManager root = ComputeDevice.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            try (Network model =
                            Network.create(
                                    model(NoiseSpec.pniWeights(ScaleGranularity.LAYER)), root);
                    Network plain = Network.create(model(NoiseSpec.NONE), root);
                    Network substitute = Network.create(model(NoiseSpec.NONE), root);
                    NesterovSgd sgd = new NesterovSgd(0.9f, 0f, root)) {
                warmUp(model, substitute, sgd, root);
                for (String name : paths) {
                    SoakPath path = PATHS.get(name);
                    int steps =
                            Math.max(
                                    path.name().equals("apgd-t") ? 9 : 2,
                                    (int) Math.round(path.steps() * scale));
                    progress.accept(
                            String.format(
                                    Locale.ROOT,
                                    "  %s: %d x %s, batch %d ...",
                                    name,
                                    steps,
                                    path.step(),
                                    batch));
                    // noise where the path is about noise; elsewhere a plain model, whose classes
                    // do not change between draws, so that Square and ZOO do not stop early on
                    // unstable examples
                    Network used =
                            path.attack() == null || path.attack().contains("eot") ? model : plain;
                    results.add(
                            measure(path, steps, work(path, steps, used, substitute, sgd, root)));
                }
            }
        }
        return results;
    }

    /**
     * The process's own warm-up (JIT compilation, the Java heap's first growth, libtorch's and
     * malloc's pools) comes before any path, so that the first path measured does not carry it. It
     * ends once resident memory has held still for {@value #QUIET_STEPS} training steps: it grows
     * in jumps of a few MB that end anywhere between step 350 and 700 (a fixed 150 steps let the
     * short soak's training path measure 104 MB per 1,000 steps on CI, its 180 steps catching the
     * last jump). A leak never holds still, so the warm-up stops at {@value #MAX_WARM_UP_STEPS} and
     * the paths measured after it show the growth.
     */
    private void warmUp(Network model, Network substitute, NesterovSgd sgd, NDManager root) {
        Runnable chunk = work(PATHS.get("train"), WARM_UP_CHUNK, model, substitute, sgd, root);
        List<Long> megabytes = new ArrayList<>(List.of(ResidentMemory.currentKilobytes() / 1024));
        int chunksQuiet = QUIET_STEPS / WARM_UP_CHUNK;
        int steps = 0;
        while (steps < MAX_WARM_UP_STEPS) {
            chunk.run();
            steps += WARM_UP_CHUNK;
            megabytes.add(ResidentMemory.currentKilobytes() / 1024);
            int n = megabytes.size();
            // at least QUIET_STEPS, since the window needs that many steps behind it
            if (n > chunksQuiet
                    && megabytes.get(n - 1) - megabytes.get(n - 1 - chunksQuiet)
                            <= QUIET_MEGABYTES) {
                break;
            }
        }
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "  warm-up: %d training steps, not measured (%d to %d MB%s)",
                        steps,
                        megabytes.get(0),
                        megabytes.get(megabytes.size() - 1),
                        steps >= MAX_WARM_UP_STEPS
                                ? "; still growing at the limit"
                                : "; held still for the last " + QUIET_STEPS));
    }

    private Result measure(SoakPath path, int steps, Runnable work) {
        ResidentSampler sampler = ResidentSampler.start(20);
        work.run();
        ResidentSampler.Readings r = sampler.stop();
        double perStepSeconds = r.seconds() / steps;
        double growth = r.secondHalfSlopeMegabytesPerSecond() * perStepSeconds * 1000;
        return new Result(
                path.name(),
                path.step(),
                steps,
                r.firstMegabytes(),
                r.lastMegabytes(),
                r.peakMegabytes(),
                growth,
                bound,
                r.seconds());
    }

    private Runnable work(
            SoakPath path,
            int steps,
            Network model,
            Network substitute,
            NesterovSgd sgd,
            NDManager root) {
        int[] first = IntStream.range(0, batch).toArray();
        switch (path.name()) {
            case "train" -> {
                AdversarialStep training =
                        new AdversarialStep(
                                model, sgd, new PgdSettings(3, 2.5f / 3, 1, true), 0.5f);
                return () -> {
                    for (int i = 0; i < steps; i++) {
                        inScope(
                                root,
                                first,
                                model,
                                (x, y) ->
                                        training.runAlone(
                                                x,
                                                y,
                                                0.3f,
                                                0.01f,
                                                line -> progress.accept("  " + line)));
                    }
                };
            }
            case "evaluate" -> {
                EvalConfig config =
                        new EvalConfig(
                                List.of(AttackSpec.parse("fgsm", 0.3f)),
                                1,
                                1,
                                Ensemble.Rule.MEAN_PROB,
                                2,
                                0,
                                batch,
                                EvalConfig.DEFAULT_SHARD_SIZE,
                                NoiseMode.ON,
                                100,
                                false,
                                1,
                                List.of(),
                                false,
                                null);
                ImageDataset subset = data.head(batch);
                return () -> {
                    for (int i = 0; i < steps; i++) {
                        new RobustnessEvaluator(config, line -> {})
                                .evaluate(model, subset, "soak", "pni-w", root);
                    }
                };
            }
            default -> {
                boolean oneCall = path.attack().contains("%d");
                int perCall =
                        path.name().equals("apgd-t")
                                ? steps / 9
                                : path.name().equals("cw-l2") ? steps / 5 : steps;
                AttackSpec spec =
                        AttackSpec.parse(
                                oneCall
                                        ? String.format(Locale.ROOT, path.attack(), perCall)
                                        : path.attack(),
                                0.3f);
                Attack attack = spec.build(source -> substitute, 11);
                Runnable call =
                        () ->
                                inScope(
                                        root,
                                        first,
                                        model,
                                        (x, y) ->
                                                attack.perturb(
                                                        Eot.wrap(model, spec.eot()),
                                                        x,
                                                        y,
                                                        spec.epsilon()));
                return oneCall ? call : () -> IntStream.range(0, steps).forEach(i -> call.run());
            }
        }
    }

    /**
     * Runs the call on the batch in a closed sub-manager; the labels are the model's own classes,
     * so that every example starts classified correctly and the score-based attacks (Square stops
     * at fooled examples) use all their queries.
     */
    private void inScope(
            NDManager root,
            int[] indices,
            Network model,
            java.util.function.BiConsumer<NDArray, NDArray> call) {
        try (NDManager scope = root.newSubManager()) {
            NDArray x = data.images(indices, scope);
            call.accept(x, model.logits(x).argMax(1));
        }
    }

    /** The small CNN on 28x28 digits that the soak and the stress run use. */
    static ModelSpec model(NoiseSpec noise) {
        return new ModelSpec(
                Architecture.SMALL_CNN, 1, 28, 10, 1, List.of(0.1307), List.of(0.3081), noise);
    }
}
