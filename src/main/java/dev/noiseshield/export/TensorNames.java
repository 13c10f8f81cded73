package dev.noiseshield.export;

import java.util.Map;

/**
 * The stable, documented name of every exported tensor, from the place of its layer in the network
 * and the parameter's role, in PyTorch's {@code state_dict} style: {@code trunk.1.weight}, {@code
 * head.1.noise_rho}, {@code trunk.4.0.1.running_mean}. The path is the network's own structure
 * (docs/export.md): {@code trunk} or {@code head}, then the 0-based index of each nested layer, so
 * that {@code python/noiseshield_torch.py}, which builds the same structure from {@code
 * nn.Sequential}, gets the same names from {@code state_dict()} without a table of its own.
 *
 * <p>DJL names a parameter by its path of children, each {@code NN<ClassName>} counted from 01,
 * joined by underscores with the parameter's name ({@code
 * 01SequentialBlock_02PniConv2d_noiseScale}); neither class names nor parameter names hold an
 * underscore, so the path reads back without ambiguity.
 */
public final class TensorNames {
    /** DJL's parameter names and the exported ones (batch norm's as PyTorch's BatchNorm2d). */
    private static final Map<String, String> ROLES =
            Map.ofEntries(
                    Map.entry("weight", "weight"),
                    Map.entry("bias", "bias"),
                    Map.entry("gamma", "weight"),
                    Map.entry("beta", "bias"),
                    Map.entry("runningMean", "running_mean"),
                    Map.entry("runningVar", "running_var"),
                    Map.entry("noiseScale", "noise_scale"),
                    Map.entry("noiseDiagRho", "noise_diag_rho"),
                    Map.entry("noiseFactor", "noise_factor"),
                    Map.entry("noiseRho", "noise_rho"),
                    Map.entry("noiseLower", "noise_lower"));

    private TensorNames() {}

    /** The exported name of the parameter DJL calls {@code djlKey}. */
    public static String of(String djlKey) {
        String[] parts = djlKey.split("_", -1);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            int index = childIndex(parts[i], djlKey);
            if (i == 0) {
                name.append(index == 0 ? "trunk" : index == 1 ? "head" : unexpected(djlKey));
            } else {
                name.append('.').append(index);
            }
        }
        String role = ROLES.get(parts[parts.length - 1]);
        if (role == null || parts.length < 2) {
            unexpected(djlKey);
        }
        return name.append('.').append(role).toString();
    }

    /** "05PniConv2d" is child 4. */
    private static int childIndex(String part, String djlKey) {
        int digits = 0;
        while (digits < part.length() && Character.isDigit(part.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            unexpected(djlKey);
        }
        return Integer.parseInt(part.substring(0, digits)) - 1;
    }

    private static String unexpected(String djlKey) {
        // a new layer or parameter must get a documented name before it can be exported
        throw new IllegalStateException("no export name for the parameter " + djlKey);
    }
}
