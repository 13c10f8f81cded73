package dev.noiseshield.eval;

import java.util.List;

/** Joining per-example score arrays. */
final class Floats {
    private Floats() {}

    /** The arrays one after the other. */
    static float[] concat(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
