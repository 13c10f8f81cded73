package dev.noiseshield.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.noiseshield.model.Classifier;
import java.util.Objects;

/**
 * Any initialised DJL {@link Block} that maps images (N, C, H, W) in [0,1] to logits (N, classes),
 * as a {@link Classifier} the attacks take ({@link NoiseShield#classifier}). Deterministic: a block
 * with noise of its own should say so by a classifier of its own.
 */
final class BlockClassifier implements Classifier {
    private final Block block;
    private final int classes;

    BlockClassifier(Block block, int classes) {
        Objects.requireNonNull(block, "block");
        if (!block.isInitialized()) {
            throw new IllegalArgumentException(
                    "the block is not initialised: call block.initialize(manager, DataType.FLOAT32,"
                            + " inputShape) or load its parameters first");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs >= 2 classes, got " + classes);
        }
        this.block = block;
        this.classes = classes;
    }

    @Override
    public NDArray logits(NDArray x) {
        // inference mode (batch norm's running statistics); the gradient to x still flows
        ParameterStore parameters = new ParameterStore(x.getManager(), false);
        return block.forward(parameters, new NDList(x), false).singletonOrThrow();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public boolean isStochastic() {
        return false;
    }
}
