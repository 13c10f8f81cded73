package dev.noiseshield.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code noiseshield demo}: {@code compare} with the demo's defaults, vanilla PGD adversarial
 * training against PNI-W on the embedded digits, into runs/demo.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Train a small CNN on the embedded MNIST digits twice, with vanilla PGD adversarial"
                + " training and with PNI-W plus PGD adversarial training, evaluate both with the"
                + " same attacks and print one table. Writes OUT/<defense>/report.json, report.md,"
                + " run.json and checkpoints/. --defenses compares others."
        })
final class DemoCommand extends CompareCommand {
    DemoCommand() {
        out = Path.of("runs", "demo");
    }

    @Override
    String title() {
        return "NoiseShield demo";
    }
}
