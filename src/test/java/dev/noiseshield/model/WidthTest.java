package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.run.Json;
import org.junit.jupiter.api.Test;

/**
 * Widths: whole channels or a clear refusal; in JSON a whole width is the integer checkpoints held
 * before fractions were allowed (so their bytes do not change), a fraction its decimal, and either
 * reads back as written; likewise the shortcuts, written only where they are not the default.
 */
class WidthTest {
    @Test
    void aFractionalWidthGivesWholeChannelsOrIsRefused() {
        assertEquals(24, Width.channels(16, 1.5));
        assertEquals(96, Width.channels(64, 1.5));
        assertEquals(64, Width.channels(16, 4));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Width.channels(16, 1.1));
        assertTrue(e.getMessage().startsWith("--width 1.1 gives 17.6"), e.getMessage());
    }

    @Test
    void wholeWidthsAreWrittenAsIntegersAndEveryWidthReadsBack() throws Exception {
        for (double width : new double[] {1, 4, 1.5}) {
            ModelSpec spec = dev.noiseshield.TestData.cifar(Architecture.RESNET20, width);
            String json = Json.MAPPER.writeValueAsString(spec);
            assertTrue(
                    json.replace(" ", "").contains("\"width\":" + Width.text(width) + ","), json);
            assertEquals(spec, Json.MAPPER.readValue(json, ModelSpec.class));
            assertTrue(!json.contains("shortcut"), "projections, the default, are not written");
            ModelSpec padded = spec.withShortcut(Shortcut.ZERO_PAD);
            String paddedJson = Json.MAPPER.writeValueAsString(padded);
            assertTrue(paddedJson.contains("ZERO_PAD"), paddedJson);
            assertEquals(padded, Json.MAPPER.readValue(paddedJson, ModelSpec.class));
        }
    }
}
