package dev.noiseshield.bench.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.noiseshield.nn.ChannelsLast;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 3x3 convolution and ReLU of a ResNet-20 stage at batch 128, forward and backward to the input
 * as an attack step runs it, in the plain NCHW layout and in channels-last memory. This is the
 * single-layer view behind the benchmark's channels-last speed-up: oneDNN reorders an NCHW array
 * into its own layout and back around every convolution, and a channels-last one not at all.
 *
 * <p>The loss is {@code sum(y^2)/2}, so the gradient arriving at the layer is {@code y} itself and
 * keeps the layout a following layer would give it. Run with {@code scripts/jmh ConvLayout}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvLayoutBenchmark {
    /** channels x height=width of the three ResNet-20 stages. */
    @Param({"16x32", "32x16", "64x8"})
    public String stage;

    @Param({"nchw", "channels-last"})
    public String layout;

    private NDManager root;
    private NDArray images;
    private NDArray weight;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = stage.split("x", -1);
        int channels = Integer.parseInt(parts[0]);
        int size = Integer.parseInt(parts[1]);
        root = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(0);
        NDArray x =
                root.randomNormal(0f, 1f, new Shape(128, channels, size, size), DataType.FLOAT32);
        images = layout.equals("channels-last") ? ChannelsLast.of(x) : x;
        weight =
                root.randomNormal(
                        0f,
                        (float) Math.sqrt(2.0 / (9 * channels)),
                        new Shape(channels, channels, 3, 3),
                        DataType.FLOAT32);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        root.close();
    }

    @Benchmark
    public float forwardAndInputGradient() {
        try (NDManager step = root.newSubManager()) {
            // a fresh leaf per call, as every attack step makes one; duplicate keeps the layout
            NDArray input = images.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y =
                        Activation.relu(
                                Conv2d.conv2d(
                                                input,
                                                weight,
                                                null,
                                                new Shape(1, 1),
                                                new Shape(1, 1),
                                                new Shape(1, 1),
                                                1)
                                        .singletonOrThrow());
                collector.backward(y.mul(y).sum().div(2f));
            }
            return input.getGradient().getFloat(0, 0, 0, 0);
        }
    }
}
