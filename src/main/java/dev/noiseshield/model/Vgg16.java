package dev.noiseshield.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.noiseshield.nn.SequentialBlock;

/**
 * VGG-16 with batch norm in its CIFAR form (as in RSE's code), channels times the width w:
 *
 * <pre>
 * x (N, C, S, S) -> normalize
 *   -> [conv3x3-bn-relu] x2 64w, maxpool2 -> x2 128w, maxpool2 -> x3 256w, maxpool2
 *   -> x3 512w, maxpool2 -> x3 512w, maxpool2
 *   -> global average pool (N, 512w)   penultimate features
 *   -> [feature noise] -> linear classes
 * </pre>
 *
 * On 32x32 inputs the five pools leave 1x1, and the average pool is a flatten, as in the original.
 * Smaller inputs (28x28 digits) skip the pools that would shrink the map below 1x1.
 */
final class Vgg16 {
    private static final int[][] STAGES = {
        {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}
    };

    private Vgg16() {}

    static Network.Parts build(ModelSpec spec, LayerFactory layers) {
        long size = spec.imageSize();
        SequentialBlock trunk = layers.sequence().add(layers.normalize());
        for (int[] stage : STAGES) {
            for (int i = 0; i < stage.length; i++) {
                trunk.add(layers.conv(spec.channels(stage[i]), 3, 1, 1, false))
                        .add(BatchNorm.builder().build());
                boolean pooled = i == stage.length - 1 && size >= 2;
                if (pooled) {
                    // pool, then ReLU: the same values as ReLU then pool (see SmallCnn.build)
                    trunk.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                    size /= 2;
                }
                trunk.add(Activation.reluBlock());
            }
        }
        trunk.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return new Network.Parts(trunk, layers.head(spec.numClasses()));
    }
}
