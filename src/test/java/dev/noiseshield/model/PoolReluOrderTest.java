package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import dev.noiseshield.nn.ChannelsLast;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small CNN and VGG-16 max-pool before their ReLU ({@link SmallCnn#build}): the two commute, so
 * the swap must give the values and input gradients of ReLU-then-pool to the bit (but for the sign
 * of a zero), in PyTorch's own kernels and in both memory layouts. The maps have whole windows of
 * negative values (where ReLU-then-pool routes the gradient to a zero and drops it), ties, zeros
 * and positive maxima.
 */
class PoolReluOrderTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void poolThenReluIsReluThenPoolToTheBit(boolean channelsLast) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(0f, 1f, new Shape(16, 8, 14, 14), DataType.FLOAT32);
            // windows of only negative values, ties and exact zeros
            x = x.sub(x.lt(-0.5f).toType(DataType.FLOAT32, false).mul(2f));
            x = x.round().div(4f);
            NDArray weights = m.randomNormal(0f, 1f, new Shape(16, 8, 7, 7), DataType.FLOAT32);
            NDArray input = channelsLast ? ChannelsLast.of(x) : x;

            Pass reluFirst = pass(input, weights, a -> pool(Activation.relu(a)));
            Pass poolFirst = pass(input, weights, a -> Activation.relu(pool(a)));

            assertSameNumbers(reluFirst.values, poolFirst.values);
            assertSameNumbers(reluFirst.gradient, poolFirst.gradient);
            assertTrue(countZeros(reluFirst.values) > 0, "some windows must be all negative");
            assertTrue(countZeros(reluFirst.gradient) < reluFirst.gradient.length);
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // compared element by element, never hashed
    private record Pass(float[] values, float[] gradient) {}

    private static Pass pass(NDArray x, NDArray weights, UnaryOperator<NDArray> layer) {
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                out = layer.apply(input);
                c.backward(out.mul(weights).sum());
            }
            return new Pass(out.toFloatArray(), input.getGradient().toFloatArray());
        }
    }

    private static NDArray pool(NDArray a) {
        return Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /**
     * Equal as numbers: the bits, but for the sign of a zero (ReLU's backward multiplies a negative
     * upstream gradient by 0 in one order and writes 0 in the other; -0 and 0 take the same branch
     * of every comparison, sign and sum the attacks make).
     */
    private static void assertSameNumbers(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i] == 0f ? 0f : expected[i];
            float a = actual[i] == 0f ? 0f : actual[i];
            assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(a), "at index " + i);
        }
    }

    private static long countZeros(float[] values) {
        long zeros = 0;
        for (float v : values) {
            zeros += v == 0f ? 1 : 0;
        }
        return zeros;
    }
}
