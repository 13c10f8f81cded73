package dev.noiseshield.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The glibc malloc settings the launcher exports ({@code scripts/allocator.env}, packed into the
 * jar beside this class): processes the launcher does not start, such as Spark's executors, need
 * them too, or they run several times slower (docs/performance.md, "Launcher settings").
 */
public final class AllocatorSettings {
    private AllocatorSettings() {}

    /** The KEY=VALUE lines of allocator.env, in its order. */
    public static Map<String, String> defaults() {
        try (InputStream in = AllocatorSettings.class.getResourceAsStream("allocator.env")) {
            if (in == null) {
                throw new IllegalStateException("allocator.env is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** KEY=VALUE lines; blank lines and lines that start with # are skipped. */
    public static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                int eq = t.indexOf('=');
                settings.put(t.substring(0, eq), t.substring(eq + 1));
            }
        }
        return settings;
    }
}
