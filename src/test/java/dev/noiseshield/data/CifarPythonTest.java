package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.PythonTorch;
import dev.noiseshield.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIFAR python version, written by numpy and pickle (as Python 2 wrote the published files, and
 * as Python 3 writes with protocols 2 and 4), read back image for image and label for label.
 */
class CifarPythonTest {
    @TempDir static Path dir;
    static JsonNode expected;

    @BeforeAll
    static void write() throws Exception {
        PythonTorch.run(Path.of("src/test/python/make_cifar_pickles.py"), dir.toString());
        expected = Json.MAPPER.readTree(dir.resolve("expected.json").toFile());
    }

    /** The expected images of several files, concatenated, as floats in [0,1]. */
    private static float[] pixels(String... files) {
        List<Float> all = new ArrayList<>();
        for (String f : files) {
            expected.get(f).get("pixels").forEach(v -> all.add(v.asInt() / 255f));
        }
        float[] out = new float[all.size()];
        IntStream.range(0, out.length).forEach(i -> out[i] = all.get(i));
        return out;
    }

    private static int[] labels(ImageDataset d) {
        return IntStream.range(0, d.size()).map(d::label).toArray();
    }

    private static int[] expectedLabels(String... files) {
        List<Integer> all = new ArrayList<>();
        for (String f : files) {
            expected.get(f).get("labels").forEach(v -> all.add(v.asInt()));
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] images(ImageDataset d) {
        try (NDManager m = NDManager.newBaseManager()) {
            return d.images(IntStream.range(0, d.size()).toArray(), m).toFloatArray();
        }
    }

    @Test
    void cifar10AsPython2PickledItIsReadFromTheFolderItsArchiveUnpacksTo() throws Exception {
        Datasets.Split split = Datasets.load("cifar10", dir); // finds cifar-10-batches-py inside
        String[] train = {
            "cifar10/data_batch_1",
            "cifar10/data_batch_2",
            "cifar10/data_batch_3",
            "cifar10/data_batch_4",
            "cifar10/data_batch_5"
        };
        assertEquals(35, split.train().size());
        assertArrayEquals(pixels(train), images(split.train()));
        assertArrayEquals(expectedLabels(train), labels(split.train()));
        assertArrayEquals(pixels("cifar10/test_batch"), images(split.test()));
        assertArrayEquals(expectedLabels("cifar10/test_batch"), labels(split.test()));
        assertEquals(10, split.train().numClasses());
    }

    @Test
    void cifar100AsPython3PickledItHasItsFineLabels() throws Exception {
        Datasets.Split split = Datasets.load("cifar100", dir.resolve("cifar-100-python"));
        assertArrayEquals(pixels("cifar100/train"), images(split.train()));
        assertArrayEquals(expectedLabels("cifar100/train"), labels(split.train()));
        assertArrayEquals(expectedLabels("cifar100/test"), labels(split.test()));
        assertEquals(100, split.test().numClasses());
    }

    @Test
    void protocol4PicklesAreReadToo() throws Exception {
        ImageDataset d =
                CifarPython.read("p4", List.of(dir.resolve("protocol4/test_batch")), "labels", 10);
        assertArrayEquals(pixels("protocol4/test_batch"), images(d));
        assertArrayEquals(expectedLabels("protocol4/test_batch"), labels(d));
    }

    /** A batch of other images is refused naming the shape found and CIFAR's. */
    @Test
    void imagesOfAnotherShapeAreRefused() {
        Path wide = dir.resolve("wrong-shape/test_batch");
        DataFormatException e =
                assertThrows(
                        DataFormatException.class,
                        () -> CifarPython.read("wide", List.of(wide), "labels", 10));
        assertEquals(
                wide
                        + ": its 'data' has shape [3, 4096]; CIFAR's is (N, 3072), 3 x 32 x 32"
                        + " values per image",
                e.getMessage());
    }

    @Test
    void aFileThatIsNoCifarBatchIsNamedInOneLine() throws Exception {
        Path junk = dir.resolve("junk");
        Files.write(junk, new byte[] {0x42, 0x13, 0x00});
        DataFormatException e =
                assertThrows(
                        DataFormatException.class,
                        () -> CifarPython.read("x", List.of(junk), "labels", 10));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        // a real batch asked for a label key it lacks
        DataFormatException noKey =
                assertThrows(
                        DataFormatException.class,
                        () ->
                                CifarPython.read(
                                        "x",
                                        List.of(dir.resolve("cifar-100-python/test")),
                                        "labels",
                                        10));
        assertTrue(noKey.getMessage().contains("'labels'"), noKey.getMessage());
    }
}
