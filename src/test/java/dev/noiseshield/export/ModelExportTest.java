package dev.noiseshield.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.noiseshield.TestData;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export, then import into the tool: the same network, parameter for parameter. */
class ModelExportTest {
    private static final DefenseOptions WITH_COLORED_ACTIVATIONS =
            TestData.options(DefenseOptions.PAPER.granularity(), 3, true);

    @ParameterizedTest
    @EnumSource(Defense.class)
    void importGivesTheExportedNetworkBack(Defense defense, @TempDir Path dir) throws Exception {
        ModelSpec spec = defense.apply(TestData.smallCnn(NoiseSpec.NONE), WITH_COLORED_ACTIVATIONS);
        try (NDManager m = NDManager.newBaseManager();
                Network original = Network.create(spec, m)) {
            ExportFixtures.randomize(original, 7);
            Path ck = ExportFixtures.checkpoint(dir.resolve("c.nsck"), original, defense, "mnist");
            ModelDescription d =
                    ModelExport.export(ck, dir.resolve("report.json"), dir.resolve("out"));
            assertEquals(defense.cliName(), d.defense());
            assertEquals(spec, d.spec());
            assertEquals(spec.noise().any() ? defense.inferenceDraws() : 1, d.inference().draws());
            assertNull(d.report(), "no report.json, no headline");

            m.getEngine().setRandomSeed(99); // another initialisation, which the import overwrites
            try (Network imported = ModelImport.load(dir.resolve("out"), m)) {
                assertEquals(NoiseMode.ON, imported.noiseMode());
                NDArray x = TestData.digits().test().images(new int[] {1, 2, 3}, m);
                for (NoiseMode mode : NoiseMode.values()) {
                    original.setNoiseMode(mode);
                    imported.setNoiseMode(mode);
                    m.getEngine().setRandomSeed(5);
                    float[] a = original.logits(x).toFloatArray();
                    m.getEngine().setRandomSeed(5);
                    float[] b = imported.logits(x).toFloatArray();
                    assertArrayEquals(a, b, 0f, "logits with noise " + mode);
                }
            }
        }
    }

    @Test
    void everyParameterOfEveryArchitectureHasItsOwnName() {
        for (Architecture a : Architecture.values()) {
            int size = a == Architecture.SMALL_CNN ? 28 : 8;
            ModelSpec spec =
                    Defense.CNI.apply(
                            new ModelSpec(
                                    a,
                                    1,
                                    size,
                                    10,
                                    1,
                                    Collections.nCopies(1, 0.5),
                                    Collections.nCopies(1, 0.5),
                                    NoiseSpec.features()),
                            WITH_COLORED_ACTIVATIONS);
            try (NDManager m = NDManager.newBaseManager();
                    Network net = Network.create(spec, m)) {
                Set<String> names = new HashSet<>();
                for (Pair<String, Parameter> p : net.parameters()) {
                    String name = TensorNames.of(p.getKey());
                    assertTrue(name.matches("(trunk|head)(\\.\\d+)+\\.[a-z_]+"), name);
                    assertTrue(names.add(name), a + ": " + name + " twice");
                }
                assertEquals(net.parameters().size(), names.size());
            }
        }
        assertEquals(
                "trunk.4.0.1.running_mean",
                TensorNames.of(
                        "01SequentialBlock_05ParallelBlock_01SequentialBlock_02BatchNorm_runningMean"));
        assertThrows(
                IllegalStateException.class,
                () -> TensorNames.of("01SequentialBlock_02Conv2d_novel"));
    }

    @Test
    void theHeadlineComesFromTheRunsReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Files.writeString(
                report,
                "{\"clean\":{\"accuracy\":0.98,\"interval\":{\"low\":0.97,\"high\":0.99}},"
                    + "\"attacks\":[{\"name\":\"pgd-20\",\"accuracy\":0.89,\"interval\":{\"low\":0.88,\"high\":0.9}}],"
                    + "\"worstCase\":{\"accuracy\":0.88,\"interval\":{\"low\":0.87,\"high\":0.89}},"
                    + "\"evaluation\":{\"attackExamples\":2000}}");
        ModelDescription.Headline h = ModelExport.headline(report);
        assertEquals(0.98, h.clean().accuracy());
        assertEquals(new ModelDescription.Accuracy(0.89, 0.88, 0.9), h.attacks().get("pgd-20"));
        assertEquals(0.87, h.worstCase().low());
        assertEquals(2000, h.attackedImages());
    }

    @Test
    void importRefusesTensorsThatDoNotFitByName(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(TestData.smallCnn(NoiseSpec.NONE), m)) {
            Path ck = ExportFixtures.checkpoint(dir.resolve("c.nsck"), net, Defense.NONE, "mnist");
            Path out = dir.resolve("out");
            ModelExport.export(ck, dir.resolve("report.json"), out);
            Path file = out.resolve(ModelExport.TENSORS);
            Map<String, Safetensors.Tensor> good = Safetensors.read(file).tensors();

            Map<String, Safetensors.Tensor> missing = new LinkedHashMap<>(good);
            missing.remove("head.0.bias");
            assertRefused(out, missing, "no tensor head.0.bias");

            Map<String, Safetensors.Tensor> reshaped = new LinkedHashMap<>(good);
            float[] bias = good.get("head.0.bias").data();
            reshaped.put(
                    "head.0.bias", new Safetensors.Tensor(new long[] {2, bias.length / 2}, bias));
            assertRefused(out, reshaped, "tensor head.0.bias has shape [2, 5]");

            Map<String, Safetensors.Tensor> extra = new LinkedHashMap<>(good);
            extra.put("head.9.weight", new Safetensors.Tensor(new long[] {1}, new float[] {1}));
            assertRefused(out, extra, "tensors the model does not have: [head.9.weight]");

            Safetensors.write(file, good, Map.of());
            String json = Files.readString(out.resolve(ModelExport.DESCRIPTION));
            Files.writeString(
                    out.resolve(ModelExport.DESCRIPTION),
                    json.replace("noiseshield-model/1", "other/9"));
            IOException e = assertThrows(IOException.class, () -> ModelImport.load(out, m));
            assertTrue(
                    e.getMessage().contains("format other/9 is not noiseshield-model/1"),
                    e.getMessage());
            assertTrue(Json.MAPPER.readTree(json).has("provenance"));
        }
    }

    private static void assertRefused(
            Path out, Map<String, Safetensors.Tensor> tensors, String expected) throws IOException {
        Safetensors.write(out.resolve(ModelExport.TENSORS), tensors, Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> ModelImport.load(out, m));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(
                    e.getMessage().startsWith(out.resolve(ModelExport.TENSORS).toString()),
                    e.getMessage());
        }
    }
}
