package dev.noiseshield.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.NoiseSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardFlopsTest {
    /**
     * ResNet-20 on 32x32, counted by hand: stem 442,368; stage 1 six 16->16 convs at 32x32,
     * 14,155,776; stages 2 and 3 each 13,107,200 (with their 1x1 projections); classifier 640. The
     * total, 40.81 M MACs, is the figure usually quoted for ResNet-20 on CIFAR-10.
     */
    @Test
    void resnet20ForwardMacs() {
        assertEquals(40_813_184L, ForwardFlops.macs(Benchmark.model()));
    }

    @Test
    void widthFourQuadruplesTheInnerConvolutions() {
        ModelSpec wide =
                new ModelSpec(
                        Architecture.RESNET20,
                        3,
                        32,
                        10,
                        4,
                        List.of(0.5, 0.5, 0.5),
                        List.of(0.2, 0.2, 0.2),
                        NoiseSpec.NONE);
        double ratio = ForwardFlops.macs(wide) / (double) ForwardFlops.macs(Benchmark.model());
        assertTrue(ratio > 15 && ratio < 16, "about 16x (the stem grows only 4x): " + ratio);
    }

    @Test
    void jsonUsesTheReferenceScriptsFieldNames() throws Exception {
        BenchResult r =
                new BenchResult(
                                "train",
                                128,
                                2.0,
                                1.9,
                                2.1,
                                64.0,
                                80.0,
                                0.6,
                                1200,
                                Double.NaN,
                                Double.NaN)
                        .withReference(57.0);
        com.fasterxml.jackson.databind.JsonNode json =
                dev.noiseshield.run.Json.MAPPER.readTree(
                        dev.noiseshield.run.Json.MAPPER.writeValueAsString(r));
        assertEquals("train", json.get("workload").asText());
        assertEquals(64.0, json.get("images_per_s").asDouble());
        assertEquals(57.0, json.get("reference_images_per_s").asDouble());
        assertEquals(64.0 / 57.0, json.get("ratio").asDouble(), 1e-12);
    }

    @Test
    void benchmarkTimesWorkloadsOnATinyBatch() {
        // the attack workloads are the same Pgd and Eot classes the attack tests cover; these two
        // keep it short
        List<BenchResult> results =
                new Benchmark(2, 1, NetworkSettings.DEFAULT, line -> {})
                        .run(List.of(Workload.TRAIN, Workload.ENSEMBLE16), 10.0);
        assertEquals(2, results.size());
        for (BenchResult r : results) {
            assertTrue(
                    r.imagesPerSecond() > 0 && r.medianSeconds() > 0 && r.gflops() > 0,
                    r.toString());
            assertTrue(
                    r.minSeconds() <= r.medianSeconds() && r.medianSeconds() <= r.maxSeconds(),
                    r.toString());
        }
    }
}
