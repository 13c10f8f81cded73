package dev.noiseshield.eval;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.export.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A few test images as the strongest attack leaves them, for the report's grid: {@code
 * examples.safetensors} beside report.json, with {@code clean} and {@code adversarial} (N, C, H,
 * W), {@code labels}, {@code predictions} (majority over the scoring draws) and {@code
 * correct_fraction} (of the draws), and the attack in its metadata. Written at the end of an
 * evaluation, so that {@code report} can draw the grid again without attacking.
 */
public final class ExampleImages {
    public static final String FILE = "examples.safetensors";
    static final int COUNT = 8;
    static final int CANDIDATES = 32;

    private ExampleImages() {}

    /**
     * Attacks the first {@link #CANDIDATES} images with {@code spec} (seeded) and writes {@link
     * #COUNT} of them, up to half of them images the attack broke, so that the grid shows what it
     * does.
     */
    static void record(
            AttackRunner runner, AttackSpec spec, ImageDataset attacked, long seed, Path file)
            throws IOException {
        ImageDataset candidates = attacked.head(Math.min(CANDIDATES, attacked.size()));
        AttackRunner.Outcome all = runner.run(spec, candidates, seed, true);
        int[] chosen = brokenFirst(all.fractions(), Math.min(COUNT, candidates.size()));
        ImageDataset images = candidates.select(chosen);
        int pixels = candidates.channels() * candidates.height() * candidates.width();
        AttackRunner.Outcome o = subset(all, chosen, pixels);
        int n = images.size();
        long[] shape = {n, images.channels(), images.height(), images.width()};
        float[] labels = new float[n];
        float[] predictions = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = images.label(i);
            predictions[i] = o.predictions()[i];
        }
        float[] clean;
        try (ai.djl.ndarray.NDManager m = dev.noiseshield.run.ComputeDevice.newBaseManager()) {
            clean =
                    images.images(java.util.stream.IntStream.range(0, n).toArray(), m)
                            .toFloatArray();
        }
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("clean", new Safetensors.Tensor(shape, clean));
        tensors.put("adversarial", new Safetensors.Tensor(shape, o.images()));
        tensors.put("labels", new Safetensors.Tensor(new long[] {n}, labels));
        tensors.put("predictions", new Safetensors.Tensor(new long[] {n}, predictions));
        tensors.put("correct_fraction", new Safetensors.Tensor(new long[] {n}, o.fractions()));
        Safetensors.write(
                file,
                tensors,
                Map.of(
                        "attack",
                        spec.name(),
                        "epsilon",
                        String.valueOf(spec.epsilon()),
                        "norm",
                        spec.norm()));
    }

    /**
     * Indices of {@code count} images, ascending: up to half of them broken (no more than half
     * their draws right), the rest robust, and more broken ones where too few are robust.
     */
    static int[] brokenFirst(float[] fractions, int count) {
        java.util.List<Integer> broken = new java.util.ArrayList<>();
        java.util.List<Integer> robust = new java.util.ArrayList<>();
        for (int i = 0; i < fractions.length; i++) {
            (fractions[i] <= 0.5f ? broken : robust).add(i);
        }
        int fromBroken = Math.min(broken.size(), Math.max(count / 2, count - robust.size()));
        java.util.List<Integer> out = new java.util.ArrayList<>(broken.subList(0, fromBroken));
        out.addAll(robust.subList(0, Math.min(robust.size(), count - fromBroken)));
        return out.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static AttackRunner.Outcome subset(AttackRunner.Outcome o, int[] chosen, int pixels) {
        float[] images = new float[chosen.length * pixels];
        long[] predictions = new long[chosen.length];
        float[] fractions = new float[chosen.length];
        float[] selection = new float[chosen.length];
        float[] sizes = new float[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(o.images(), chosen[k] * pixels, images, k * pixels, pixels);
            predictions[k] = o.predictions()[chosen[k]];
            fractions[k] = o.fractions()[chosen[k]];
            selection[k] = o.selection()[chosen[k]];
            sizes[k] = o.sizes()[chosen[k]];
        }
        return new AttackRunner.Outcome(
                fractions, selection, sizes, images, predictions, o.seconds());
    }
}
