package dev.noiseshield.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.noiseshield.nn.SequentialBlock;

/**
 * ResNet-18 in its CIFAR form (3x3 stem, no max pool; as in WCA's code), channels times the width
 * w:
 *
 * <pre>
 * x (N, C, S, S) -> normalize -> conv3x3 64w, bn, relu
 *   -> 2 basic blocks 64w (stride 1) -> 2 x 128w (first stride 2) -> 2 x 256w (2) -> 2 x 512w (2)
 *   -> global average pool (N, 512w)   penultimate features
 *   -> [feature noise] -> linear classes
 * </pre>
 *
 * The basic block is {@link ResNet}'s.
 */
final class ResNet18 {
    private ResNet18() {}

    static Network.Parts build(ModelSpec spec, LayerFactory layers) {
        SequentialBlock trunk =
                layers.sequence()
                        .add(layers.normalize())
                        .add(layers.conv(spec.channels(64), 3, 1, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        int in = spec.channels(64);
        int[] widths = {
            spec.channels(64), spec.channels(128), spec.channels(256), spec.channels(512)
        };
        for (int stage = 0; stage < widths.length; stage++) {
            for (int i = 0; i < 2; i++) {
                int stride = (stage > 0 && i == 0) ? 2 : 1;
                trunk.add(ResNet.basicBlock(layers, in, widths[stage], stride, spec.shortcut()));
                in = widths[stage];
            }
        }
        trunk.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return new Network.Parts(trunk, layers.head(spec.numClasses()));
    }
}
