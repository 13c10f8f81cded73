package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.TestData;
import dev.noiseshield.certify.Certify;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.ScaleGranularity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized smoothing's bound needs independent draws: a model whose activation noise is scaled by
 * a statistic of the whole batch (PNI-A, CNI's colored activation noise) ties the draws of one
 * image in a batch together, as weight noise does, so certify refuses its noise and certifies it
 * with the noise off by default.
 */
class CertifyRefusesDependentDrawsTest {
    @TempDir Path dir;

    @Test
    void whichDefensesDrawDependently() {
        for (String name : new String[] {"pni-a", "pni-w", "cni"}) {
            assertNotNull(Certify.dependentDraws(noise(name)), name);
        }
        for (String name : new String[] {"rse", "smooth", "wca", "mfdv", "pgd-at"}) {
            assertNull(Certify.dependentDraws(noise(name)), name);
        }
        NoiseSpec coloredActivations =
                NoiseSpec.NONE.with(
                        NoiseSpec.Placement.NONE,
                        NoiseSpec.Placement.COLORED,
                        ScaleGranularity.LAYER);
        assertTrue(Certify.dependentDraws(coloredActivations).contains("activation noise"));
    }

    private static NoiseSpec noise(String defense) {
        return Defenses.of(defense).noise(DefenseOptions.PAPER);
    }

    /** certify of the run's first test image at sigma 0.25, with {@code more} options. */
    private static CliRun certify(Path run, Path data, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "certify",
                                "--run",
                                run.toString(),
                                "--data-dir",
                                data.toString(),
                                "--sigma",
                                "0.25",
                                "--examples",
                                "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void activationNoiseIsRefusedInOneLineAndOffByDefault() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 8);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "pni-a", run));
        CliRun on = certify(run, data, "--noise", "ON");
        assertEquals(2, on.code(), on.err());
        assertTrue(
                on.err().startsWith("error: --noise ON: this model's activation noise is scaled")
                        && on.err().contains("certify it with --noise OFF")
                        && !on.err().contains("\n"),
                on.err());
        CliRun off = certify(run, data, "--n0", "10", "--n", "100", "--attack-steps", "0");
        assertEquals(0, off.code(), off.err());
    }
}
