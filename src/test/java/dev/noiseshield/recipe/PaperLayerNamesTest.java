package dev.noiseshield.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.defense.Defense;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paper's layer names on a real PNI-W ResNet-20 and ResNet-32: the first convolution, two 3x3
 * convolutions per block numbered within each of the three stages, the last layer; the two
 * projection shortcuts, which the paper's models lack, unnamed; each name the magnitude of the
 * scale of the layer it stands for (a scale's sign does not change the noise).
 */
class PaperLayerNamesTest {
    @Test
    void everyLayerOfTheResNetsButTheProjectionsGetsThePapersName() {
        for (Architecture a : List.of(Architecture.RESNET20, Architecture.RESNET32)) {
            int blocks = (a.depth() - 2) / 6;
            ModelSpec spec =
                    Defense.PNI_W.apply(
                            TestData.cifar(a, 1),
                            TestData.options(ScaleGranularity.LAYER, 1, false));
            try (NDManager m = NDManager.newBaseManager();
                    Network network = Network.create(spec, m)) {
                Map<String, List<Float>> scales = new LinkedHashMap<>();
                float next = -0.05f; // some below zero: named by their magnitude
                for (Map.Entry<String, float[]> e : network.noiseScales().entrySet()) {
                    scales.put(e.getKey(), List.of(next)); // each layer a value of its own
                    next += 0.01f;
                }
                Map<String, Double> named = PaperLayerNames.of(scales);
                List<String> expected = new ArrayList<>(List.of("conv0"));
                for (int stage = 1; stage <= 3; stage++) {
                    for (int k = 0; k < 2 * blocks; k++) {
                        expected.add("conv" + stage + "." + k);
                    }
                }
                expected.add("fc");
                assertEquals(expected, new ArrayList<>(named.keySet()), a.cliName());
                assertEquals(scales.size() - 2, named.size(), "all but the two projections");
                List<Float> values = new ArrayList<>();
                scales.values().forEach(v -> values.add(v.get(0)));
                assertEquals(Math.abs(values.get(0)), named.get("conv0"), 1e-7);
                // conv1.1 is the second conv of the first block: the third noisy layer
                assertEquals(Math.abs(values.get(2)), named.get("conv1.1"), 1e-7);
                assertEquals(Math.abs(values.get(values.size() - 1)), named.get("fc"), 1e-7);
                assertTrue(
                        PaperLayerNames.from(named, "conv1.4").size() == named.size() - 5,
                        "from conv1.4 on: all but conv0 and conv1.0 to conv1.3");
            }
        }
    }
}
