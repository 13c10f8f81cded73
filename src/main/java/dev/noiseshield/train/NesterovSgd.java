package dev.noiseshield.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.noiseshield.nn.DetachedView;
import dev.noiseshield.nn.NoiseParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with Nesterov momentum and weight decay, as {@code torch.optim.SGD(nesterov=True)}:
 *
 * <pre>
 * d = g + wd * w;  b = momentum * b + d;  w = w - lr * (d + momentum * b)
 * </pre>
 *
 * with two parameter groups: noise parameters ({@link NoiseParameters}) get no weight decay (decay
 * would pull PNI scales to zero and switch the defense off), everything else gets {@code
 * weightDecay}. DJL's own SGD has neither Nesterov momentum nor per-parameter decay, hence this
 * class.
 *
 * <p>Momentum buffers live in this optimizer's own manager; each step's temporaries live in a
 * sub-manager closed at the end of the step. After the update every gradient is zeroed, because the
 * PyTorch engine accumulates gradients across backward passes.
 */
public final class NesterovSgd implements AutoCloseable {
    private final float momentum;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    public NesterovSgd(float momentum, float weightDecay, NDManager parent) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
    }

    /** Applies one update to every parameter that has a gradient, then zeroes the gradients. */
    public void step(List<Pair<String, Parameter>> parameters, float learningRate) {
        try (NDManager step = manager.newSubManager()) {
            for (Pair<String, Parameter> named : parameters) {
                NDArray weight = named.getValue().getArray();
                if (!weight.hasGradient()) {
                    continue;
                }
                NDArray grad = weight.getGradient();
                grad.attach(step);
                float decay = NoiseParameters.isNoiseParameter(named.getValue()) ? 0f : weightDecay;
                NDArray d =
                        decay == 0f
                                ? grad.duplicate()
                                : DetachedView.of(weight, step).mul(decay).addi(grad);
                NDArray buffer = buffers.get(named.getKey());
                if (buffer == null) {
                    buffer = d.duplicate();
                    buffer.attach(manager);
                    buffers.put(named.getKey(), buffer);
                } else {
                    buffer.muli(momentum).addi(d);
                }
                NDArray update =
                        DetachedView.of(buffer, step).mul(momentum).addi(d).muli(learningRate);
                weight.subi(update);
                grad.muli(0f);
            }
        }
    }

    /** The momentum buffers, named by parameter, for checkpoints. */
    public NDList state() {
        NDList list = new NDList();
        buffers.forEach(
                (name, buffer) -> {
                    buffer.setName(name);
                    list.add(buffer);
                });
        return list;
    }

    /**
     * Restores buffers saved by {@link #state()}; arrays are copied into this optimizer's manager.
     */
    public void restore(NDList saved) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (NDArray array : saved) {
            NDArray copy = array.duplicate();
            copy.attach(manager);
            buffers.put(array.getName(), copy);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
