package dev.noiseshield.cli;

import dev.noiseshield.report.ComparisonPage;
import dev.noiseshield.report.RunPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code noiseshield report}: the HTML pages of an existing run, without evaluating again. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write report.html of a run folder again from its report.json, run.json, checkpoints"
                    + " and example images, without evaluating; for a comparison folder (compare,"
                    + " demo), also comparison.html over its runs."
        })
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "DIR", descriptionKey = "report.run")
    Path run;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException("--run " + run + ": no such folder");
        }
        List<String> runs = new ArrayList<>();
        try (Stream<Path> children = Files.list(run)) {
            children.filter(d -> Files.isRegularFile(d.resolve("report.json")))
                    .sorted()
                    .forEach(d -> runs.add(d.getFileName().toString()));
        }
        boolean single = Files.isRegularFile(run.resolve("report.json"));
        if (!single && runs.isEmpty()) {
            throw new IllegalArgumentException(
                    "--run " + run + ": no report.json in it or in its folders (evaluate first)");
        }
        if (single) {
            System.out.println("page: " + RunPage.write(run));
        }
        for (String r : runs) {
            System.out.println("page: " + RunPage.write(run.resolve(r)));
        }
        if (runs.size() > 1) {
            System.out.println(
                    "page: "
                            + ComparisonPage.write(
                                    run, orderOfComparison(run, runs), headingOf(run)));
        }
        return 0;
    }

    /** The comparison's own order (comparison.md's columns) where it is known, else by name. */
    private static List<String> orderOfComparison(Path dir, List<String> runs)
            throws java.io.IOException {
        Path md = dir.resolve("comparison.md");
        if (!Files.isRegularFile(md)) {
            return runs;
        }
        String header =
                Files.readAllLines(md).stream()
                        .filter(l -> l.startsWith("accuracy"))
                        .findFirst()
                        .orElse("");
        List<String> ordered = new ArrayList<>();
        for (String cell : header.split("\\|", -1)) {
            String name = cell.strip();
            if (runs.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered.size() == runs.size() ? ordered : runs;
    }

    private static String headingOf(Path dir) throws java.io.IOException {
        Path md = dir.resolve("comparison.md");
        return Files.isRegularFile(md) ? Files.readAllLines(md).get(0) : "runs in " + dir;
    }
}
