package dev.noiseshield.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our CIFAR ResNets' learned weight-noise scales under the names the PNI paper's Table 1 gives
 * them: {@code conv0} the first convolution, {@code convS.k} the k-th 3x3 convolution of stage S
 * (from 0, two per residual block, in order), {@code fc} the last layer. Our 1x1 projection
 * shortcuts, which the paper's models do not have, get no name. Activation-noise scales are left
 * out: the table is PNI-W's.
 */
final class PaperLayerNames {
    private static final Pattern STEM = Pattern.compile("trunk/\\d+PniConv2d");
    private static final Pattern MAIN =
            Pattern.compile("trunk/(\\d+)ParallelBlock/01SequentialBlock/(\\d+)PniConv2d");
    private static final Pattern HEAD = Pattern.compile("head/\\d+PniLinear");
    private static final int STAGES = 3;

    private PaperLayerNames() {}

    /**
     * The scales of a ResNet-20-style network by the paper's names, in the network's order, as
     * magnitudes: the noise {@code alpha std(w) z} has the same distribution for {@code -alpha} (a
     * scale may cross zero in training), and the paper prints none below 0.001. Each layer's mean
     * magnitude where it learns more than one; empty when the layers do not have that shape.
     */
    static Map<String, Double> of(Map<String, List<Float>> scales) {
        // the names' two-digit positions make their order the network's
        TreeMap<String, List<Float>> sorted = new TreeMap<>(scales);
        Map<String, Double> named = new LinkedHashMap<>();
        List<String> blocks = new ArrayList<>();
        for (String layer : sorted.keySet()) {
            Matcher m = MAIN.matcher(layer);
            if (m.matches() && !blocks.contains(m.group(1))) {
                blocks.add(m.group(1));
            }
        }
        if (blocks.isEmpty() || blocks.size() % STAGES != 0) {
            return Map.of();
        }
        int perStage = blocks.size() / STAGES;
        Map<String, Integer> convsSeen = new LinkedHashMap<>();
        for (Map.Entry<String, List<Float>> e : sorted.entrySet()) {
            String layer = e.getKey();
            Matcher m = MAIN.matcher(layer);
            String name = null;
            if (STEM.matcher(layer).matches()) {
                name = "conv0";
            } else if (m.matches()) {
                int block = blocks.indexOf(m.group(1));
                int inBlock = convsSeen.merge(m.group(1), 1, Integer::sum) - 1;
                name = "conv" + (block / perStage + 1) + "." + (2 * (block % perStage) + inBlock);
            } else if (HEAD.matcher(layer).matches()) {
                name = "fc";
            }
            if (name != null) {
                named.put(name, mean(e.getValue()));
            }
        }
        Double fc = named.remove("fc");
        if (fc != null) {
            named.put("fc", fc); // last, as in the network
        }
        return named;
    }

    private static double mean(List<Float> values) {
        double sum = 0;
        for (float v : values) {
            sum += Math.abs(v);
        }
        return sum / values.size();
    }

    /** The names from {@code first} on, in the network's order. */
    static List<Double> from(Map<String, Double> named, String first) {
        List<Double> out = new ArrayList<>();
        boolean on = false;
        for (Map.Entry<String, Double> e : named.entrySet()) {
            on |= e.getKey().equals(first);
            if (on) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
