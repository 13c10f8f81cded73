package dev.noiseshield.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * A small CNN for 28x28 digits, sized so that PGD adversarial training of it fits in minutes on two
 * cores. With width w:
 *
 * <pre>
 * x (N, C, 28, 28) -> normalize
 *   -> conv3x3 16w, relu, maxpool2   (N, 16w, 14, 14)   (maxpool runs first, see build)
 *   -> conv3x3 32w, relu, maxpool2   (N, 32w, 7, 7)
 *   -> flatten                       (N, 32w*49)
 *   -> linear 128, relu              (N, 128)  penultimate features
 *   -> [feature noise] -> linear classes
 * </pre>
 *
 * With PNI every conv and linear layer is noisy.
 */
final class SmallCnn {
    private SmallCnn() {}

    /** The trunk up to the 128 penultimate features, and the head on them. */
    static Network.Parts build(ModelSpec spec, LayerFactory layers) {
        // Pool before ReLU: max-pooling and ReLU commute (both monotone, no arithmetic), so values
        // and gradients are those of the order the diagram shows, to the bit but for the sign of a
        // zero (PoolReluOrderTest), and the ReLU runs on a quarter of the elements, which is
        // memory-bound work here.
        Block trunk =
                new SequentialBlock()
                        .add(layers.normalize())
                        .add(layers.conv(spec.channels(16), 3, 1, 1, true))
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Activation.reluBlock())
                        .add(layers.conv(spec.channels(32), 3, 1, 1, true))
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Activation.reluBlock())
                        .add(Blocks.batchFlattenBlock())
                        .add(layers.linear(128))
                        .add(Activation.reluBlock());
        return new Network.Parts(trunk, layers.head(spec.numClasses()));
    }
}
