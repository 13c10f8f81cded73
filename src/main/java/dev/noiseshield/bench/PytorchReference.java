package dev.noiseshield.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code shared/anchors/pytorch_reference.py} with the benchmark's batch, threads and repeats
 * and reads its JSON lines: the same workloads in PyTorch from Python, timed on the same machine in
 * the same run.
 */
public final class PytorchReference {
    private PytorchReference() {}

    /** The first of the given interpreters that imports torch, if any. */
    public static Optional<String> findPython(List<String> candidates) {
        for (String python : candidates) {
            try {
                Process p =
                        new ProcessBuilder(python, "-c", "import torch")
                                .redirectErrorStream(true)
                                .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Images per second by workload name, for the workloads the script knows. */
    public static Map<String, Double> run(
            String python,
            Path script,
            List<String> workloads,
            int batch,
            int threads,
            int repeats,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IOException("reference script not found: " + script);
        }
        List<String> command =
                List.of(
                        python,
                        script.toString(),
                        "--batch",
                        String.valueOf(batch),
                        "--threads",
                        String.valueOf(threads),
                        "--repeats",
                        String.valueOf(repeats),
                        "--workloads",
                        String.join(",", workloads));
        progress.accept("running the PyTorch reference: " + String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the PyTorch reference failed:\n" + output);
        }
        Map<String, Double> imagesPerSecond = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("{")) {
                JsonNode row = Json.MAPPER.readTree(line);
                imagesPerSecond.put(
                        row.get("workload").asText(), row.get("images_per_s").asDouble());
                progress.accept(
                        "reference "
                                + row.get("workload").asText()
                                + ": "
                                + row.get("images_per_s").asDouble()
                                + " images/s (torch "
                                + row.get("torch").asText()
                                + ")");
            }
        }
        return imagesPerSecond;
    }
}
