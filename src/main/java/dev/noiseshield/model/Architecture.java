package dev.noiseshield.model;

import dev.noiseshield.run.CliName;

/** The architectures a {@link ModelSpec} can name, with their command-line names. */
public enum Architecture implements CliName {
    /** Two conv layers and two linear layers, for 28x28 digits; fast enough for 2-core CI. */
    SMALL_CNN(0),
    /** CIFAR ResNets of He et al. (2016) as used by the PNI paper: depth 6n+2. */
    RESNET20(20),
    RESNET32(32),
    RESNET44(44),
    RESNET56(56),
    /** The CIFAR ResNet-18 (four stages of 64..512 channels) that WCA uses. */
    RESNET18(18),
    /** VGG-16 with batch norm, CIFAR form (13 conv layers, one linear layer), as in RSE. */
    VGG16(16);

    /** Number of weight layers; 0 for the small CNN. */
    private final int depth;

    Architecture(int depth) {
        this.depth = depth;
    }

    public int depth() {
        return depth;
    }

    /** True for the depth-6n+2 CIFAR ResNets of the PNI paper. */
    public boolean isResNet() {
        return depth > 0 && (depth - 2) % 6 == 0;
    }

    public static Architecture fromCliName(String name) {
        return CliName.lookup(Architecture.class, "architecture", name);
    }

    @Override
    public String toString() {
        return cliName();
    }
}
