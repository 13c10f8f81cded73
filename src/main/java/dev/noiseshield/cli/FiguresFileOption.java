package dev.noiseshield.cli;

import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json FILE}, on the {@code bench} commands: their figures, also as JSON. */
final class FiguresFileOption {
    @Option(names = "--json", paramLabel = "FILE")
    Path file;

    /** Writes the figures to the file, atomically, when one was given, and says where. */
    void write(Object figures) throws IOException {
        if (file != null) {
            AtomicFiles.write(file, out -> Json.MAPPER.writeValue(out, figures));
            System.out.println("figures: " + file);
        }
    }
}
