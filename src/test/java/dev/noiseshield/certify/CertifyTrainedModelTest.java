package dev.noiseshield.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.cli.NoiseShieldCli;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smooth defense trained briefly, certified through the command line, and attacked: no PGD-L2
 * attack with EOT on the smoothed classifier changes its prediction inside a certified radius.
 */
class CertifyTrainedModelTest {
    @Test
    void noAttackInsideACertifiedRadiusChangesThePrediction(@TempDir Path dir) throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("data"), 512, 16);
        Path run = dir.resolve("run");
        assertEquals(
                0,
                NoiseShieldCli.commandLine()
                        .execute(
                                "train",
                                "--defense",
                                "smooth",
                                "--dataset",
                                "mnist",
                                "--data-dir",
                                data.toString(),
                                "--epochs",
                                "2",
                                "--batch-size",
                                "32",
                                "--out",
                                run.toString()));
        assertEquals(
                0,
                NoiseShieldCli.commandLine()
                        .execute(
                                "evaluate",
                                "--run",
                                run.toString(),
                                "--data-dir",
                                data.toString(),
                                "--attacks",
                                "fgsm",
                                "--repeats",
                                "1",
                                "--checks",
                                "false"));
        assertEquals(
                0,
                NoiseShieldCli.commandLine()
                        .execute(
                                "certify",
                                "--run",
                                run.toString(),
                                "--data-dir",
                                data.toString(),
                                "--sigma",
                                "0.25",
                                "--examples",
                                "8",
                                "--n",
                                "2000",
                                "--attack-steps",
                                "5",
                                "--attack-eot",
                                "4"));
        JsonNode certification =
                Json.MAPPER.readTree(run.resolve("certification-sigma-0.25.json").toFile());
        assertEquals(8, certification.get("examples").size());
        assertEquals(
                0.25,
                certification.get("modelInputNoise").asDouble(),
                1e-6,
                "the model's own input noise is the smoothing");
        String page = Files.readString(run.resolve("report.html"));
        assertTrue(
                page.contains("aria-label=\"Certified accuracy against L2 radius (sigma 0.25)"),
                "the curve in report.html");
        assertTrue(
                Json.MAPPER
                        .readTree(run.resolve("report.json").toFile())
                        .get("certification")
                        .has("0.25"));

        ImageDataset test = Datasets.load("mnist", data).test();
        int attacked = 0;
        try (NDManager m = NDManager.newBaseManager();
                Network model =
                        Checkpoint.read(Checkpoint.latestOf(run))
                                .network(m, Checkpoint.latestOf(run))) {
            model.prepareForAttacks();
            m.getEngine().setRandomSeed(3);
            // the model draws the smoothing noise itself (its input noise is sigma): nothing added
            GaussianSmoothing smoothed = new GaussianSmoothing(model, 0f);
            Pgd pgd = new Pgd(new L2Norm(), PgdSettings.of(10));
            for (JsonNode e : certification.get("examples")) {
                int predicted = e.get("prediction").asInt();
                double radius = e.get("radius").asDouble();
                if (predicted == Certify.ABSTAIN || radius < 0.05) {
                    continue;
                }
                attacked++;
                NDArray x = test.images(new int[] {e.get("index").asInt()}, m);
                NDArray y = m.create(new long[] {predicted});
                NDArray adversarial =
                        pgd.perturb(Eot.wrap(smoothed, 8), x, y, (float) (0.95 * radius));
                int after =
                        Certify.predict(
                                smoothed, adversarial, new Certify.Settings(100, 1000, 0.001, 500));
                assertTrue(
                        after == predicted || after == Certify.ABSTAIN,
                        "image "
                                + e.get("index")
                                + ": certified "
                                + predicted
                                + " within "
                                + radius
                                + ", attacked to "
                                + after);
            }
        }
        assertTrue(
                attacked >= 2,
                "only " + attacked + " images certified: the test would check nothing");
    }
}
