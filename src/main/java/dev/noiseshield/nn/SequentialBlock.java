package dev.noiseshield.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * DJL's sequential block, which folds each inference-mode batch norm into the convolution just
 * before it ({@link BatchNormFolding}) while its network's folding switch is on. The architectures
 * with batch norm build their sequences from this class.
 *
 * <p>It keeps DJL's class name on purpose: DJL names a child by its class's simple name, and those
 * names make the parameters' paths (the noise scales' layer names in every report, the keys that
 * {@code TensorNames} reads). Under another name every path through a sequence would change.
 */
public final class SequentialBlock extends ai.djl.nn.SequentialBlock {
    private final BatchNormFolding folding;

    public SequentialBlock(BatchNormFolding folding) {
        this.folding = folding;
    }

    /** Adds a child, as DJL's does; returns this class, so that a chain of adds keeps it. */
    @Override
    public SequentialBlock add(Block block) {
        super.add(block);
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training || !folding.isOn()) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        return forwardFolding(children.values(), ps, inputs, params, null);
    }

    /** Whether the last child is a convolution that a following batch norm can fold into. */
    boolean endsWithFoldableConv() {
        List<Block> blocks = children.values();
        return !blocks.isEmpty() && BatchNormFolding.canFold(blocks.get(blocks.size() - 1));
    }

    /** This sequence, then {@code bn} folded into its last child (a foldable convolution). */
    NDList forwardFoldingLast(BatchNorm bn, ParameterStore ps, NDList inputs) {
        if (!endsWithFoldableConv()) {
            throw new IllegalStateException("no convolution to fold a batch norm into");
        }
        return forwardFolding(children.values(), ps, inputs, null, bn);
    }

    /**
     * The children in order, each convolution followed by a batch norm as one folded convolution;
     * {@code trailing} (may be null) is a batch norm after the last child, folded into it.
     */
    private NDList forwardFolding(
            List<Block> blocks,
            ParameterStore ps,
            NDList inputs,
            PairList<String, Object> params,
            BatchNorm trailing) {
        NDList current = inputs;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            BatchNorm next = i + 1 < blocks.size() ? asBatchNorm(blocks.get(i + 1)) : trailing;
            if (next != null && BatchNormFolding.canFold(block)) {
                current = folding.forward(block, next, ps, current);
                i++;
            } else {
                current = block.forward(ps, current, false, params);
            }
        }
        return current;
    }

    private static BatchNorm asBatchNorm(Block block) {
        return block instanceof BatchNorm bn ? bn : null;
    }
}
