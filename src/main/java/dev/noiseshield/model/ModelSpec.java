package dev.noiseshield.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything needed to rebuild a network's structure, so that a checkpoint can be loaded into it.
 *
 * @param architecture which network
 * @param inputChannels C of the (N, C, H, W) input
 * @param imageSize H = W of the input
 * @param numClasses output logits
 * @param width channel multiplier (1 = the paper's widths)
 * @param mean per-channel mean subtracted inside the model (inputs stay in [0,1])
 * @param std per-channel std divided inside the model
 * @param noise noise layers, or {@link NoiseSpec#NONE}
 */
public record ModelSpec(
        Architecture architecture,
        int inputChannels,
        int imageSize,
        int numClasses,
        int width,
        List<Double> mean,
        List<Double> std,
        NoiseSpec noise) {

    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(noise, "noise");
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (inputChannels <= 0 || imageSize <= 0 || numClasses < 2 || width <= 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "invalid model spec: channels=%d imageSize=%d classes=%d width=%d",
                            inputChannels, imageSize, numClasses, width));
        }
        if (mean.size() != inputChannels || std.size() != inputChannels) {
            throw new IllegalArgumentException(
                    "mean and std need one value per input channel ("
                            + inputChannels
                            + "), got "
                            + mean.size()
                            + " and "
                            + std.size());
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("std values must be positive, got " + std);
        }
        if (architecture.isResNet() && imageSize % 4 != 0) {
            throw new IllegalArgumentException(
                    "ResNets halve the image twice; image size must divide by 4, got " + imageSize);
        }
        if (architecture == Architecture.SMALL_CNN && imageSize % 4 != 0) {
            throw new IllegalArgumentException(
                    "the small CNN pools twice; image size must divide by 4, got " + imageSize);
        }
    }

    public ModelSpec withNoise(NoiseSpec newNoise) {
        return new ModelSpec(
                architecture, inputChannels, imageSize, numClasses, width, mean, std, newNoise);
    }
}
