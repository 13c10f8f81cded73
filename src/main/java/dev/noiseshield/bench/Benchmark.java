package dev.noiseshield.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.eval.Predictions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.ResidentMemory;
import dev.noiseshield.train.AdversarialStep;
import dev.noiseshield.train.NesterovSgd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times the reference workloads with the reference's settings: PNI-W ResNet-20 (layer-wise scales),
 * random images in [0,1] of shape (batch, 3, 32, 32), eps 8/255 with step 2/255, SGD lr 0.1 with
 * Nesterov momentum 0.9 and weight decay 1e-4. Each workload runs twice to warm up, then {@code
 * repeats} times; every call works in its own sub-manager, closed after it.
 */
public final class Benchmark {
    private static final float EPS = 8f / 255;
    private static final float RELATIVE_STEP = 0.25f; // 2/255 of 8/255

    private final int batch;
    private final int repeats;
    private final NetworkSettings settings;
    private final Consumer<String> progress;

    /**
     * @param settings the networks' layout and batch norm folding
     */
    public Benchmark(int batch, int repeats, NetworkSettings settings, Consumer<String> progress) {
        if (batch < 2 || repeats < 1) {
            throw new IllegalArgumentException(
                    "batch must be >= 2 and repeats >= 1, got " + batch + ", " + repeats);
        }
        this.batch = batch;
        this.repeats = repeats;
        this.settings = settings;
        this.progress = progress;
    }

    public static ModelSpec model() {
        return new ModelSpec(
                Architecture.RESNET20,
                3,
                32,
                10,
                1,
                List.of(0.4914, 0.4822, 0.4465),
                List.of(0.2470, 0.2435, 0.2616),
                NoiseSpec.pniWeights(ScaleGranularity.LAYER));
    }

    /**
     * The reference's second model: ResNet-20 whose only noise is on the 64 penultimate features.
     */
    public static ModelSpec featureModel() {
        return model().withNoise(NoiseSpec.features());
    }

    public List<BenchResult> run(List<Workload> workloads, double peakGflops) {
        List<BenchResult> results = new ArrayList<>();
        try (NDManager root = ComputeDevice.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            NDArray x = root.randomUniform(0f, 1f, new Shape(batch, 3, 32, 32), DataType.FLOAT32);
            NDArray y = root.randomInteger(0, 10, new Shape(batch), DataType.INT64);
            try (Network pni = Network.create(model(), root);
                    Network feature = Network.create(featureModel(), root);
                    NesterovSgd sgd = new NesterovSgd(0.9f, 1e-4f, root)) {
                settings.applyTo(pni);
                settings.applyTo(feature);
                long macs = ForwardFlops.macs(pni.spec());
                for (Workload w : workloads) {
                    Runnable call =
                            workload(w, w.onFeatureModel() ? feature : pni, sgd, x, y, root);
                    progress.accept("timing " + w + ": " + w.description());
                    double[] seconds = time(call);
                    double median = seconds[seconds.length / 2];
                    double gflops = 2.0 * macs * w.forwardEquivalents() * batch / median / 1e9;
                    results.add(
                            new BenchResult(
                                    w.cliName(),
                                    batch,
                                    median,
                                    seconds[0],
                                    seconds[seconds.length - 1],
                                    batch / median,
                                    gflops,
                                    gflops / peakGflops,
                                    ResidentMemory.peakMegabytes(),
                                    Double.NaN,
                                    Double.NaN));
                }
            }
        }
        return results;
    }

    private Runnable workload(
            Workload w, Network network, NesterovSgd sgd, NDArray x, NDArray y, NDManager root) {
        switch (w) {
            case TRAIN -> {
                AdversarialStep step =
                        new AdversarialStep(
                                network, sgd, new PgdSettings(7, RELATIVE_STEP, 1, true), 0.5f);
                return () ->
                        scoped(root, x, y, (xs, ys) -> step.runAlone(xs, ys, EPS, 0.1f, progress));
            }
            case PGD20 -> {
                Pgd pgd = new Pgd(new LinfNorm(), new PgdSettings(20, RELATIVE_STEP, 1, true));
                return () ->
                        scoped(
                                root,
                                x,
                                y,
                                (xs, ys) -> pgd.perturb(network, xs, ys, EPS).getFloat(0, 0, 0, 0));
            }
            case EOT8, EOT8_FEATURE, PGD10_FEATURE -> {
                Pgd pgd = new Pgd(new LinfNorm(), new PgdSettings(10, RELATIVE_STEP, 1, true));
                int draws = w == Workload.PGD10_FEATURE ? 1 : 8;
                return () ->
                        scoped(
                                root,
                                x,
                                y,
                                (xs, ys) ->
                                        pgd.perturb(Eot.wrap(network, draws), xs, ys, EPS)
                                                .getFloat(0, 0, 0, 0));
            }
            case ENSEMBLE16, ENSEMBLE16_FEATURE -> {
                return () ->
                        scoped(
                                root,
                                x,
                                y,
                                (xs, ys) -> Predictions.classes(network, xs, 16).getLong(0));
            }
            case FORWARD_FEATURE -> {
                return () ->
                        scoped(
                                root,
                                x,
                                y,
                                (xs, ys) -> Predictions.classes(network, xs, 1).getLong(0));
            }
            default -> throw new AssertionError(w);
        }
    }

    /** Runs the call on copies of x and y in a sub-manager that is closed afterwards. */
    private static void scoped(
            NDManager root,
            NDArray x,
            NDArray y,
            java.util.function.BiConsumer<NDArray, NDArray> call) {
        try (NDManager scope = root.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(scope);
            NDArray ys = y.duplicate();
            ys.attach(scope);
            call.accept(xs, ys);
        }
    }

    /** Two warm-up calls, then the sorted wall times of {@code repeats} calls. */
    private double[] time(Runnable call) {
        return CallTimes.sortedSeconds(call, 2, repeats);
    }
}
