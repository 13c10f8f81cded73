package dev.noiseshield.cli;

import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Console;
import picocli.CommandLine.Option;

/**
 * {@code --device}, on every command that computes; {@link NoiseShieldCli} selects it before the
 * command runs.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "auto|cpu|gpu[:N]")
    String device = "auto";

    /** Makes {@code --device} this process's device and says which it is and on what build. */
    void select() {
        ComputeDevice.select(device);
        Console.progressStream().println(ComputeDevice.describe());
    }
}
