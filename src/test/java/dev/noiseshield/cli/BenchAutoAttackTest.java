package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench autoattack} runs the four stages of AutoAttack on a given run and counts the image
 * passes they spent: at least APGD-CE's 101 gradient passes (a start and 100 iterations) for every
 * image it attacked, and a forward pass per Square query for every image Square attacked; and it
 * prices those passes at the model's bare rate.
 */
class BenchAutoAttackTest {
    @TempDir Path dir;

    @Test
    void countsTheStagesAndThePassesOfAWholeAutoAttack() throws Exception {
        Path json = dir.resolve("autoattack.json");
        CliRun bench = benchOnATrainedRun(json, "--images", "8");

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        List<String> stages = new ArrayList<>();
        figures.get("stages").forEach(s -> stages.add(s.get("attack").asText()));
        assertEquals(4, stages.size(), stages.toString());
        assertTrue(stages.get(0).startsWith("apgd-ce") && stages.get(3).startsWith("square"));
        long apgdImages = figures.get("stages").get(0).get("attacked").asLong();
        long squareImages = figures.get("stages").get(3).get("attacked").asLong();
        assertTrue(apgdImages > 0, "the model classifies some of the 8 digits");
        assertTrue(figures.get("gradientPasses").asLong() >= 101 * apgdImages);
        assertTrue(figures.get("forwardPasses").asLong() >= squareImages);
        assertEquals(8, figures.get("images").asInt());

        // the bare passes, timed on one batch of the digits attacked, priced at the passes counted
        JsonNode floor = figures.get("passFloor");
        assertEquals(8, floor.get("batch").asInt(), floor.toString());
        double forward = floor.get("forwardMicros").asDouble();
        double gradient = floor.get("gradientMicros").asDouble();
        assertTrue(forward > 0 && gradient > 0, floor.toString());
        double expected =
                (figures.get("gradientPasses").asLong() * gradient
                                + figures.get("forwardPasses").asLong() * forward)
                        / 1e6;
        assertEquals(expected, figures.get("passFloorSeconds").asDouble(), 1e-9 * expected);
        assertTrue(bench.out().contains("the same passes at the model's bare rate (batch 8"));
    }

    /**
     * {@code --attack} times another attack the same way: PGD with 4 restarts of 3 steps spends 3
     * gradient passes on every digit in its first restart and fewer than 12 in all, since the
     * digits its first restart fooled (an under-trained model's, and the misclassified ones) sit
     * out the others. Attacking every digit in every restart spends exactly 12 a digit.
     */
    @Test
    void timesAnotherAttackAndCountsWhatItsRestartsSkip() throws Exception {
        Path json = dir.resolve("pgd.json");
        int images = 32;
        CliRun bench =
                benchOnATrainedRun(
                        json,
                        "--images",
                        String.valueOf(images),
                        "--attack",
                        "pgd:steps=3,restarts=4");

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        assertEquals("pgd-3-r4", figures.get("attack").asText());
        long passes = figures.get("gradientPasses").asLong();
        assertTrue(passes >= 3L * images && passes < 12L * images, passes + " gradient passes");
        assertTrue(bench.out().contains("pgd-3-r4 on 32 digits"), bench.out());
    }

    /**
     * {@code bench autoattack} with {@code options} on a PGD-AT run trained for one epoch on 256
     * digits, its figures written to {@code json}; it must succeed.
     */
    private CliRun benchOnATrainedRun(Path json, String... options) {
        Path run = dir.resolve("run");
        int trained =
                NoiseShieldCli.commandLine()
                        .execute(TestData.oneEpochArgs("pgd-at", run, "--train-images", "256"));
        assertEquals(0, trained);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "bench",
                                "autoattack",
                                "--model",
                                run.toString(),
                                "--json",
                                json.toString()));
        args.addAll(List.of(options));
        CliRun bench = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, bench.code(), bench.err());
        return bench;
    }

    /** A --model that is not a run folder is refused in one line; nothing is trained into it. */
    @Test
    void refusesAModelFolderWithoutCheckpoints() {
        Path typo = dir.resolve("no-such-run");
        CliRun bench = CliRun.of("bench", "autoattack", "--model", typo.toString());
        assertEquals(2, bench.code());
        assertEquals(
                "error: --model " + typo + ": no checkpoints/ in it (a run folder of train)",
                bench.err());
        assertTrue(!java.nio.file.Files.exists(typo), "nothing written into " + typo);
    }
}
