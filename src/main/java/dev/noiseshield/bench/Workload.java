package dev.noiseshield.bench;

import dev.noiseshield.run.CliName;

/**
 * The benchmark workloads, named as in the PyTorch reference script. Each has a cost in
 * forward-pass equivalents per image, under the usual convention that a backward pass to the input
 * costs one forward pass and a backward pass to input and weights costs two:
 *
 * <ul>
 *   <li>train: PGD-7 (7 x 2) + clean and adversarial forward (2) + their full backward (4) = 20
 *   <li>pgd20: 20 steps x (forward + input backward) = 40
 *   <li>eot8: 10 steps x 8 draws x 2 = 160
 *   <li>ensemble16: 16 forward passes = 16
 * </ul>
 *
 * The feature workloads run on a ResNet-20 whose only noise is on the penultimate features, where
 * the draws share one trunk pass; their cost counts the work actually done (the trunk once per
 * step; the noisy head is a 64x10 linear layer, left out):
 *
 * <ul>
 *   <li>eot8-feature: 10 steps x 2 = 20, beside its single-draw twin pgd10-feature (also 20)
 *   <li>ensemble16-feature: one trunk pass = 1, beside its single-draw twin forward-feature (1)
 * </ul>
 */
public enum Workload implements CliName {
    TRAIN(20, "one PGD-7 adversarial-training step (0.5 clean + 0.5 adversarial)"),
    PGD20(40, "a 20-step L-inf PGD attack, noise on"),
    EOT8(160, "a 10-step PGD attack whose every gradient averages 8 noise draws"),
    ENSEMBLE16(16, "inference averaging softmax over 16 noise draws"),
    EOT8_FEATURE(20, "eot8 on the feature-noise ResNet-20, draws sharing one trunk pass"),
    PGD10_FEATURE(20, "a 10-step single-draw PGD attack on the feature-noise ResNet-20"),
    ENSEMBLE16_FEATURE(1, "a 16-draw ensemble on the feature-noise ResNet-20"),
    FORWARD_FEATURE(1, "one single-draw forward pass of the feature-noise ResNet-20");

    private final int forwardEquivalents;
    private final String description;

    Workload(int forwardEquivalents, String description) {
        this.forwardEquivalents = forwardEquivalents;
        this.description = description;
    }

    public int forwardEquivalents() {
        return forwardEquivalents;
    }

    public String description() {
        return description;
    }

    /** True for the workloads on the feature-noise ResNet-20 rather than the PNI-W one. */
    public boolean onFeatureModel() {
        return cliName().endsWith("-feature");
    }

    public static Workload fromCliName(String name) {
        return CliName.lookup(Workload.class, "workload", name);
    }

    @Override
    public String toString() {
        return cliName();
    }
}
