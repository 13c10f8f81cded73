package dev.noiseshield.spark;

import dev.noiseshield.cli.NoiseShieldCli;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point for {@code spark-submit}: the command line, its command ({@code evaluate} or
 * {@code compare}) on the master spark-submit was given ({@code --spark submit}) unless the
 * arguments name one.
 */
public final class Submit {
    private Submit() {}

    public static void main(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        boolean named = all.stream().anyMatch(a -> a.equals("--spark") || a.startsWith("--spark="));
        boolean help = all.stream().anyMatch(a -> a.equals("--help") || a.equals("-h"));
        if (!named && !help && !all.isEmpty()) {
            all.add("--spark");
            all.add("submit");
        }
        NoiseShieldCli.main(all.toArray(String[]::new));
    }
}
