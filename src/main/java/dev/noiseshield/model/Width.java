package dev.noiseshield.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A network's channel multiplier: whole (1, 2, 4) or fractional (1.5: the PNI paper's ResNet-20
 * "1.5x", 24/48/96 channels), as long as every layer's channels come out whole.
 */
public final class Width {
    private Width() {}

    /**
     * The channels of a layer of {@code base} channels at width 1.
     *
     * @throws IllegalArgumentException when they are not a whole number
     */
    public static int channels(int base, double width) {
        double channels = base * width;
        long whole = Math.round(channels);
        if (Math.abs(channels - whole) > 1e-9 || whole < 1) {
            throw new IllegalArgumentException(
                    "--width "
                            + text(width)
                            + " gives "
                            + channels
                            + " channels to a layer of "
                            + base
                            + ": the width must make every layer's channels whole");
        }
        return Math.toIntExact(whole);
    }

    /** As a user writes it: {@code 4}, {@code 1.5}. */
    public static String text(double width) {
        return width == Math.rint(width)
                ? Long.toString((long) width)
                : java.math.BigDecimal.valueOf(width).stripTrailingZeros().toPlainString();
    }

    /**
     * Writes a whole width as an integer, as checkpoints and model.json held it before widths could
     * be fractional, so that their bytes (and digests) do not change.
     */
    public static final class AsJson extends StdSerializer<Double> {
        public AsJson() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
                gen.writeNumber(value.longValue());
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
