package dev.noiseshield.recipe;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.eval.Significance;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Runs a recipe at a scale: {@code train} into the output folder, then {@code evaluate} on it, as
 * the two command lines the recipe describes (printed first, so that a user can run them by hand).
 * Both resume: a second run continues an interrupted training or evaluation, or reuses finished
 * ones. Then our numbers are set beside the paper's in {@code reproduction.md} and {@code
 * reproduction.json}.
 *
 * @param recipe what to run
 * @param scale {@code smoke} (the recipe's smoke overrides) or {@code full} (the paper's budget)
 * @param out the run folder
 * @param extraTrain options added to {@code train} after the recipe's and the scale's (the data
 *     folder, the device, a user's overrides)
 * @param extraEvaluate options added to {@code evaluate} likewise
 */
public record Reproduction(
        Recipe recipe,
        String scale,
        Path out,
        Map<String, String> extraTrain,
        Map<String, String> extraEvaluate) {

    /** The scales. */
    public static final List<String> SCALES = List.of("smoke", "full");

    public Reproduction {
        if (!SCALES.contains(scale)) {
            throw new IllegalArgumentException(
                    "--scale: '" + scale + "' is not one of " + String.join(", ", SCALES));
        }
    }

    /** The {@code train} arguments. */
    public List<String> trainArguments() {
        Map<String, String> options = new LinkedHashMap<>(recipe.train());
        if (scale.equals("smoke")) {
            options.putAll(recipe.smoke().train());
        }
        options.putAll(extraTrain);
        options.put("--dataset", recipe.dataset());
        options.put("--out", out.toString());
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(flatten(options));
        if (Files.isDirectory(out.resolve("checkpoints"))) {
            args.add("--resume"); // continue, or reuse a finished training
        }
        return args;
    }

    /** The {@code evaluate} arguments. */
    public List<String> evaluateArguments() {
        Map<String, String> options = new LinkedHashMap<>(recipe.evaluate());
        if (scale.equals("smoke")) {
            options.putAll(recipe.smoke().evaluate());
        }
        options.putAll(extraEvaluate);
        options.put("--run", out.toString());
        List<String> args = new ArrayList<>(List.of("evaluate"));
        args.addAll(flatten(options));
        if (Files.isRegularFile(out.resolve("evaluation.journal"))) {
            args.add("--resume");
        }
        return args;
    }

    private static List<String> flatten(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach(
                (option, value) -> {
                    args.add(option);
                    if (value != null && !value.isEmpty()) {
                        args.add(value);
                    }
                });
        return args;
    }

    /**
     * Trains and evaluates through {@code cli} (a command line's arguments to its exit code), then
     * writes and returns the comparison with the paper.
     */
    public String run(ToIntFunction<List<String>> cli, java.io.PrintStream log) throws IOException {
        List<String> train = trainArguments();
        List<String> evaluate = evaluateArguments();
        log.println("reproducing " + recipe.name() + " (" + scale + "): " + recipe.title());
        log.println("  ./noiseshield " + shellLine(train));
        log.println("  ./noiseshield " + shellLine(evaluate));
        Files.createDirectories(out);
        step(cli, train, "training");
        step(cli, evaluate, "evaluation");
        RobustnessReport report = ReportWriter.read(out.resolve("report.json"));
        String table = table(report);
        AtomicFiles.writeString(out.resolve("reproduction.md"), table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recipe", recipe);
        json.put("scale", scale);
        json.put("train", train);
        json.put("evaluate", evaluate);
        json.put("rows", rows(report));
        AtomicFiles.write(
                out.resolve("reproduction.json"),
                o -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(o, json));
        return table;
    }

    private static void step(ToIntFunction<List<String>> cli, List<String> args, String what) {
        int code = cli.applyAsInt(args);
        if (code != 0) {
            throw new IllegalStateException(
                    "the " + what + " stopped (exit " + code + "); its message is above");
        }
    }

    /** One row of the comparison: the paper's number (or null) and ours with its interval. */
    public record Row(
            String row, Double paper, double ours, double low, double high, String attack) {}

    /** Clean, each attack of the recipe, and the worst case, ours beside the paper's. */
    public List<Row> rows(RobustnessReport report) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("clean", "clean", report.clean().accuracy(), report.clean().interval()));
        List<String> attacks = recipe.attacks();
        for (int i = 0; i < report.attacks().size(); i++) {
            RobustnessReport.AttackResult a = report.attacks().get(i);
            String text = i < attacks.size() ? attacks.get(i) : a.name();
            rows.add(row(label(a.name(), text), text, a.accuracy(), a.interval()));
        }
        rows.add(
                row(
                        "worst case",
                        "worst case",
                        report.worstCase().accuracy(),
                        report.worstCase().interval()));
        return rows;
    }

    /**
     * An attack's row label: its name, and where the paper reports a number for it that our budget
     * does not reach (a C&W below 9 x 10,000), a note saying so.
     */
    private String label(String name, String text) {
        if (!recipe.reported().containsKey(text)) {
            return name;
        }
        String below = AttackSpec.parse(text, 0.5f).belowPaperBudget();
        return below == null ? name : name + " (" + below + ")";
    }

    private Row row(String label, String key, double accuracy, Significance.Interval interval) {
        Recipe.Reported paper = recipe.reported().get(key);
        return new Row(
                label,
                paper == null ? null : paper.accuracy(),
                100 * accuracy,
                100 * interval.low(),
                100 * interval.high(),
                key);
    }

    /** The comparison as Markdown. */
    public String table(RobustnessReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(recipe.title()).append(" (").append(scale).append(" scale)\n\n");
        md.append("Paper: ").append(recipe.paper()).append('\n');
        if (recipe.source() != null) {
            md.append("Reported: ").append(recipe.source()).append('\n');
        }
        md.append('\n');
        md.append("| accuracy % | paper | ours [95% CI] |\n");
        md.append("|---|---:|---:|\n");
        for (Row r : rows(report)) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f [%.1f, %.1f] |%n",
                            r.row(),
                            r.paper() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.paper()),
                            r.ours(),
                            r.low(),
                            r.high()));
        }
        if (scale.equals("smoke")) {
            md.append(
                    "\nSmoke scale: the recipe's code path on a few hundred images for an epoch;"
                            + " its numbers say the pipeline runs, not what the paper's budget"
                            + " gives. Run --scale full for that.\n");
        }
        for (String note : recipe.notes()) {
            md.append("\n- ").append(note);
        }
        md.append('\n').append(MaskingChecklist.markdown(report.checks()));
        return md.toString();
    }

    /** Arguments as a shell would need them quoted. */
    static String shellLine(List<String> args) {
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
