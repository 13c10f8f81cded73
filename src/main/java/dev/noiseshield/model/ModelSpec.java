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
 * @param width channel multiplier (1 = the paper's widths; fractional where every layer's channels
 *     stay whole, {@link Width})
 * @param mean per-channel mean subtracted inside the model (inputs stay in [0,1])
 * @param std per-channel std divided inside the model
 * @param noise noise layers, or {@link NoiseSpec#NONE}
 * @param shortcut how a ResNet's shortcuts meet a change of shape (null: {@link
 *     Shortcut#PROJECTION}, as every spec was before it could be chosen)
 */
public record ModelSpec(
        Architecture architecture,
        int inputChannels,
        int imageSize,
        int numClasses,
        @WidthJson double width,
        List<Double> mean,
        List<Double> std,
        NoiseSpec noise,
        @ShortcutJson Shortcut shortcut) {

    /** A spec with projection shortcuts. */
    public ModelSpec(
            Architecture architecture,
            int inputChannels,
            int imageSize,
            int numClasses,
            double width,
            List<Double> mean,
            List<Double> std,
            NoiseSpec noise) {
        this(
                architecture,
                inputChannels,
                imageSize,
                numClasses,
                width,
                mean,
                std,
                noise,
                Shortcut.PROJECTION);
    }

    public ModelSpec {
        shortcut = shortcut == null ? Shortcut.PROJECTION : shortcut;
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(noise, "noise");
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (inputChannels <= 0 || imageSize <= 0 || numClasses < 2 || !(width > 0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "invalid model spec: channels=%d imageSize=%d classes=%d width=%s",
                            inputChannels, imageSize, numClasses, Width.text(width)));
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

    /** The channels of a layer of {@code base} channels at width 1 ({@link Width#channels}). */
    public int channels(int base) {
        return Width.channels(base, width);
    }

    /** The same network at another channel multiplier. */
    public ModelSpec withWidth(double newWidth) {
        return with(newWidth, noise, shortcut);
    }

    /** The same network with other shortcuts. */
    public ModelSpec withShortcut(Shortcut newShortcut) {
        return with(width, noise, newShortcut);
    }

    public ModelSpec withNoise(NoiseSpec newNoise) {
        return with(width, newNoise, shortcut);
    }

    private ModelSpec with(double newWidth, NoiseSpec newNoise, Shortcut newShortcut) {
        return new ModelSpec(
                architecture,
                inputChannels,
                imageSize,
                numClasses,
                newWidth,
                mean,
                std,
                newNoise,
                newShortcut);
    }
}
