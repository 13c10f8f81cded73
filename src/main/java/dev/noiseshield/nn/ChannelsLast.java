package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Puts an image batch into channels-last memory: same shape (N, C, H, W), same values, but the
 * channels of each pixel lie next to each other (NHWC strides).
 *
 * <p>Why: PyTorch's CPU convolutions run in oneDNN, whose kernels work in a blocked or NHWC layout.
 * A plain NCHW array is reordered into that layout before every convolution and back after it, in
 * the forward and in the backward pass. A channels-last array is used as it is, and PyTorch keeps
 * the layout through batch norm, ReLU, additions and the next convolution, so one copy at the
 * network's entry replaces two reorders per convolution per pass (README "Benchmark").
 *
 * <p>DJL has no memory-format argument, so the layout is made from views: the NHWC-ordered view is
 * copied into contiguous memory ({@code flatten} copies a non-contiguous view) and viewed back as
 * NCHW. The copy is differentiable, so input gradients arrive in the caller's NCHW array.
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    public static NDArray of(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("channels-last needs (N, C, H, W) images, got " + s);
        }
        return images.transpose(0, 2, 3, 1)
                .flatten()
                .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }
}
