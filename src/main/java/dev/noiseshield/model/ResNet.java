package dev.noiseshield.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.noiseshield.nn.SequentialBlock;
import java.util.List;

/**
 * The CIFAR ResNets of He et al. (2016), depth 6n+2 (20, 32, 44, 56), with a width multiplier, as
 * used by the PNI paper. With width w:
 *
 * <pre>
 * x (N, C, 32, 32) -> normalize -> conv3x3 16w, bn, relu
 *   -> n basic blocks, 16w, stride 1    (N, 16w, 32, 32)
 *   -> n basic blocks, 32w, first stride 2  (N, 32w, 16, 16)
 *   -> n basic blocks, 64w, first stride 2  (N, 64w, 8, 8)
 *   -> global average pool (N, 64w)  penultimate features
 *   -> [feature noise] -> linear classes
 * </pre>
 *
 * A basic block is conv3x3-bn-relu-conv3x3-bn plus a shortcut (identity, or where the shape changes
 * conv1x1-bn or, with {@link Shortcut#ZERO_PAD}, the subsampled identity padded with zero
 * channels), then relu: the same as the PyTorch reference in shared/anchors.
 */
final class ResNet {
    private ResNet() {}

    /** The trunk up to the pooled 64w features, and the head on them. */
    static Network.Parts build(ModelSpec spec, LayerFactory layers) {
        int depth = spec.architecture().depth();
        if ((depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("ResNet depth must be 6n+2, got " + depth);
        }
        int blocksPerStage = (depth - 2) / 6;
        SequentialBlock net =
                layers.sequence()
                        .add(layers.normalize())
                        .add(layers.conv(spec.channels(16), 3, 1, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock());
        int in = spec.channels(16);
        int[] widths = {spec.channels(16), spec.channels(32), spec.channels(64)};
        for (int stage = 0; stage < 3; stage++) {
            for (int i = 0; i < blocksPerStage; i++) {
                int stride = (stage > 0 && i == 0) ? 2 : 1;
                net.add(basicBlock(layers, in, widths[stage], stride, spec.shortcut()));
                in = widths[stage];
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return new Network.Parts(net, layers.head(spec.numClasses()));
    }

    static Block basicBlock(
            LayerFactory layers, int in, int out, int stride, Shortcut shortcutKind) {
        Block main =
                layers.sequence()
                        .add(layers.conv(out, 3, stride, 1, false))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(layers.conv(out, 3, 1, 1, false))
                        .add(BatchNorm.builder().build());
        return new ParallelBlock(
                ResNet::addThenRelu,
                List.of(
                        main,
                        shortcutKind == Shortcut.ZERO_PAD
                                ? zeroPad(in, out, stride)
                                : shortcut(layers, in, out, stride)));
    }

    /**
     * Identity, or conv1x1-bn where the shape changes. A strided shortcut first puts its input into
     * plain NCHW memory: PyTorch 2.7.1's CPU convolution computes a 1x1 stride-2 convolution with
     * 256 or more input channels wrongly on channels-last input on an AMD EPYC (ResNet-18's last
     * shortcut; errors of a third of the output's scale, ChannelsLastTest); on an Intel Xeon with
     * AVX-512 the same convolution is right without the copy. One copy of the block's input is
     * cheap beside its convolutions.
     */
    private static Block shortcut(LayerFactory layers, int in, int out, int stride) {
        if (stride == 1 && in == out) {
            return Blocks.identityBlock();
        }
        SequentialBlock shortcut = layers.sequence();
        if (stride > 1) {
            shortcut.add(LambdaBlock.singleton(ResNet::plainLayout, "nchw"));
        }
        return shortcut.add(layers.conv(out, 1, stride, 0, false)).add(BatchNorm.builder().build());
    }

    /**
     * Identity, or where the shape changes the input at every stride-th pixel with zero channels
     * after its own, as the PNI paper's code does (its DownsampleA: no parameters).
     */
    private static Block zeroPad(int in, int out, int stride) {
        if (stride == 1 && in == out) {
            return Blocks.identityBlock();
        }
        return LambdaBlock.singleton(
                x -> {
                    NDArray kept = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
                    Shape shape = kept.getShape();
                    NDArray zeros =
                            kept.getManager()
                                    .zeros(
                                            new Shape(
                                                    shape.get(0),
                                                    out - in,
                                                    shape.get(2),
                                                    shape.get(3)),
                                            kept.getDataType(),
                                            kept.getDevice());
                    return kept.concat(zeros, 1);
                },
                "zero-pad");
    }

    /** The same values in contiguous NCHW memory (a copy when the input is channels-last). */
    private static NDArray plainLayout(NDArray x) {
        return x.flatten().reshape(x.getShape());
    }

    private static NDList addThenRelu(List<NDList> branches) {
        NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
        return new NDList(Activation.relu(sum));
    }
}
