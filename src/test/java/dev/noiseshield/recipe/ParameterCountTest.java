package dev.noiseshield.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.Shortcut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our CIFAR ResNets against the parameter counts the PNI paper prints in its Table 3 (read from
 * docs/papers/reported-numbers.md), depths 20 to 56 and widths 1, 1.5, 2 and 4: ours has the
 * paper's count plus, at each of the two stage transitions (c to 2c channels), the 1x1 projection
 * shortcut and its batch norm ({@code c * 2c + 2 * 2c}) that our option-B shortcuts add where the
 * paper's code pads the identity with zeros; with {@code --shortcut zero-pad}, the paper's count
 * exactly. So the depth, every layer's channels and the shortcuts are the paper's, the fractional
 * 1.5x included.
 */
class ParameterCountTest {
    @Test
    void everyResNetOfTableThreeHasThePapersParametersPlusTheProjections() throws Exception {
        Map<String, PaperNumbersTest.Printed> cells =
                PaperNumbersTest.tables(
                        Files.readAllLines(Path.of("docs/papers/reported-numbers.md")),
                        java.util.List.of(3));
        Pattern row = Pattern.compile("Table 3 \\| ResNet-(\\d+)(?: ([0-9.]+)x)? \\| parameters");
        int checked = 0;
        for (Map.Entry<String, PaperNumbersTest.Printed> cell : cells.entrySet()) {
            Matcher m = row.matcher(cell.getKey());
            if (!m.matches()) {
                continue;
            }
            Architecture depth = Architecture.fromCliName("resnet" + m.group(1));
            double width = m.group(2) == null ? 1 : Double.parseDouble(m.group(2));
            long paper = cell.getValue().value().longValueExact();
            long projections = 0;
            for (int c : new int[] {16, 32}) {
                long in = Math.round(c * width);
                projections += in * 2 * in + 2 * (2 * in);
            }
            ModelSpec spec = dev.noiseshield.TestData.cifar(depth, width);
            try (NDManager m2 = NDManager.newBaseManager();
                    Network projected = Network.create(spec, m2);
                    Network padded = Network.create(spec.withShortcut(Shortcut.ZERO_PAD), m2)) {
                assertEquals(
                        paper + projections,
                        Reproduction.parameterCount(projected),
                        cell.getKey() + ": the paper's count plus our two projections");
                assertEquals(
                        paper,
                        Reproduction.parameterCount(padded),
                        cell.getKey() + ": zero-padded shortcuts, the paper's count");
            }
            checked++;
        }
        assertEquals(7, checked, "Table 3's seven models");
        assertTrue(cells.containsKey("Table 3 | ResNet-20 1.5x | parameters"));
    }
}
