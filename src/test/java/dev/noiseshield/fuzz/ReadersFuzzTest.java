package dev.noiseshield.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.noiseshield.data.CifarBinary;
import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.data.Idx;
import dev.noiseshield.eval.AttackSpec;
import dev.noiseshield.eval.Sweep;
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
 * src/test/resources/dev/noiseshield/fuzz/ReadersFuzzTestInputs runs as regression cases;
 * {@code scripts/fuzz METHOD DURATION} fuzzes one reader with coverage guidance.
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

    @FuzzTest(maxDuration = "60s")
    void cifarBinary(byte[] data) throws IOException {
        Path file = Files.createTempFile("fuzz", ".bin");
        try {
            Files.write(file, data);
            CifarBinary.read("fuzz", List.of(file), CifarBinary.Variant.CIFAR10);
        } catch (DataFormatException refused) {
            // the expected refusal
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void checkpoint(byte[] data) throws IOException {
        Path file = Files.createTempFile("fuzz", ".nsck");
        try {
            Files.write(file, data);
            Checkpoint.read(file);
        } catch (IOException refused) {
            // not a checkpoint, truncated, or a digest that does not match: refused with the file's name
        } finally {
            Files.deleteIfExists(file);
        }
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
}
