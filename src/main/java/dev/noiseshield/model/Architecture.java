package dev.noiseshield.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The architectures a {@link ModelSpec} can name, with their command-line names. */
public enum Architecture {
    /** Two conv layers and two linear layers, for 28x28 digits; fast enough for 2-core CI. */
    SMALL_CNN("small-cnn", 0),
    /** CIFAR ResNets of He et al. (2016) as used by the PNI paper: depth 6n+2. */
    RESNET20("resnet20", 20),
    RESNET32("resnet32", 32),
    RESNET44("resnet44", 44),
    RESNET56("resnet56", 56);

    private final String cliName;
    private final int depth;

    Architecture(String cliName, int depth) {
        this.cliName = cliName;
        this.depth = depth;
    }

    public String cliName() {
        return cliName;
    }

    /** Number of weight layers of a ResNet; 0 for the small CNN. */
    public int depth() {
        return depth;
    }

    public boolean isResNet() {
        return depth > 0;
    }

    public static Architecture fromCliName(String name) {
        for (Architecture a : values()) {
            if (a.cliName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; choose one of "
                + Arrays.stream(values()).map(Architecture::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
