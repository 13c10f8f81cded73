package dev.noiseshield.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --spark local[2]} trains each defense as its own Spark task, then fans the
 * evaluations out: its table and every report are those of the same comparison run without Spark.
 */
class SparkCompareTest {
    @TempDir Path dir;

    @Test
    void theComparisonTableIsTheLocalOne() throws Exception {
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        assertEquals(0, SparkEvaluationTest.cli(compare(local, null)));
        assertEquals(0, SparkEvaluationTest.cli(compare(spark, "local[2]")));
        assertEquals(
                Files.readString(local.resolve("comparison.md")),
                Files.readString(spark.resolve("comparison.md")));
        for (String defense : List.of("pgd-at", "pni-w")) {
            assertEquals(
                    SparkEvaluationTest.withoutTimings(local.resolve(defense)),
                    SparkEvaluationTest.withoutTimings(spark.resolve(defense)),
                    defense);
            assertTrue(Files.isDirectory(spark.resolve(defense).resolve(TaskFiles.FOLDER)));
        }
    }

    private static String[] compare(Path out, String master) {
        List<String> a =
                List.of(
                        "compare",
                        "--defenses",
                        "pgd-at,pni-w",
                        "--epochs",
                        "1",
                        "--train-images",
                        "256",
                        "--train-steps",
                        "1",
                        "--attacks",
                        "fgsm;pgd:steps=5",
                        "--repeats",
                        "2",
                        "--attack-examples",
                        "100",
                        "--check-examples",
                        "20",
                        "--shard-size",
                        "500",
                        "--out",
                        out.toString());
        return SparkEvaluationTest.onMaster(a, master);
    }
}
