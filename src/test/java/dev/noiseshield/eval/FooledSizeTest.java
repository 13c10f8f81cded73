package dev.noiseshield.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.EvaluatedModel;
import dev.noiseshield.pipeline.ModelSource;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.ComputeDevice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's {@code meanFooledSize}, the PNI paper's Table 4 measure, against closed forms on a
 * deterministic model: FGSM's every perturbation has L-inf size eps (the digits have pixels at 0
 * and 1, so some pixel moves the full step), so the mean over the images it fooled is eps; an
 * attack too small to fool any image has none (null); in a cascade each fooled image counts with
 * the perturbation of the attack that fooled it, so an L-inf cascade's mean is at most its eps.
 */
class FooledSizeTest {
    @TempDir static Path dir;

    @Test
    void theMeanSizeIsOverTheImagesTheAttackFooled() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 64, 64);
        Path run = dir.resolve("run");
        assertEquals(0, TestData.trainOneEpoch(data, "none", run));
        ImageDataset test = Datasets.load("mnist", data).test();
        EvalConfig config =
                EvalConfig.builder()
                        .attacks(
                                List.of(
                                        AttackSpec.parse("fgsm:eps=0.3", 0.3f),
                                        AttackSpec.parse("fgsm:eps=1e-6", 0.3f),
                                        AttackSpec.parse("autoattack-standard:steps=2", 0.3f)))
                        .repeats(1)
                        .checks(false)
                        .build();
        try (NDManager root = ComputeDevice.newBaseManager();
                EvaluatedModel network =
                        ModelSource.checkpoint(run.resolve("checkpoints/epoch-001.nsck"))
                                .open(root, test, "mnist")) {
            RobustnessReport report =
                    new RobustnessEvaluator(config, line -> {})
                            .evaluate(network, test, "mnist", "none", root);
            double clean = report.clean().accuracy();
            RobustnessReport.AttackResult large = report.attacks().get(0);
            assertTrue(large.accuracy() < clean, "FGSM at 0.3 fools some: " + large);
            assertNotNull(large.meanFooledSize());
            assertEquals(0.3, large.meanFooledSize(), 1e-6);
            RobustnessReport.AttackResult tiny = report.attacks().get(1);
            assertEquals(clean, tiny.accuracy(), 1e-12, "a step of 1e-6 fools nothing");
            assertNull(tiny.meanFooledSize(), "no image fooled: no mean");
            RobustnessReport.AttackResult cascade = report.attacks().get(2);
            assertTrue(cascade.accuracy() < clean, cascade.toString());
            assertNotNull(cascade.meanFooledSize());
            assertTrue(
                    cascade.meanFooledSize() > 0 && cascade.meanFooledSize() <= 0.3 + 1e-6,
                    cascade.toString());
        }
    }
}
