package dev.noiseshield.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars built by the tests, as a researcher builds one: Java sources compiled against the
 * tool's classes, and a {@code META-INF/services} file naming the plugin class.
 */
final class PluginJars {
    private PluginJars() {}

    /**
     * Compiles {@code sources} (class name to source text) and jars them with a services file for
     * {@code service} listing {@code providers}.
     */
    static Path build(Path dir, Map<String, String> sources, String service, List<String> providers)
            throws IOException {
        return build(dir, sources, Map.of(service, providers));
    }

    /** The same with a services file for each service type, listing its providers. */
    static Path build(Path dir, Map<String, String> sources, Map<String, List<String>> services)
            throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "-d",
                                classes.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "--release",
                                "17"));
        args.addAll(files);
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the plugin's sources did not compile");
        }
        Path jar = dir.resolve("plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            try (var walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(
                            new JarEntry(
                                    classes.relativize(p)
                                            .toString()
                                            .replace(java.io.File.separatorChar, '/')));
                    j.write(Files.readAllBytes(p));
                    j.closeEntry();
                }
            }
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                String providers = String.join("\n", service.getValue()) + "\n";
                j.write(providers.getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
