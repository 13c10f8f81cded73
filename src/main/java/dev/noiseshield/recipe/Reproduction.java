package dev.noiseshield.recipe;

import ai.djl.nn.Parameter;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.eval.Significance;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.NoiseParameters;
import dev.noiseshield.report.ReportWriter;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs a recipe at a scale: {@code train} into the output folder, then {@code evaluate} on it, as
 * the two command lines the recipe describes (printed first, so that a user can run them by hand).
 * Both resume: a second run continues an interrupted training or evaluation, or reuses finished
 * ones. Then our numbers are set beside the paper's in {@code reproduction.md}, {@code
 * reproduction.html} and {@code reproduction.json}.
 *
 * @param recipe what to run
 * @param scale {@code smoke} (the recipe's smoke overrides) or {@code full} (the paper's budget)
 * @param out the run folder
 * @param added options added to its {@code train} and {@code evaluate}
 */
public record Reproduction(Recipe recipe, String scale, Path out, AddedOptions added) {

    /** The scales. */
    public static final List<String> SCALES = List.of("smoke", "full");

    public Reproduction {
        checkScale(scale);
    }

    /** Refuses a scale that is not one of {@link #SCALES}, naming the option. */
    public static void checkScale(String scale) {
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
        options.putAll(added.train());
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
        return evaluateArguments(Map.of(), out);
    }

    /**
     * The {@code evaluate} arguments of the evaluation with the noise off, into OUT/{@value
     * #NOISE_OFF}, or null when the recipe has none.
     */
    public List<String> noiseOffArguments() {
        if (!recipe.evaluatesNoiseOff()) {
            return null;
        }
        Path dir = out.resolve(NOISE_OFF);
        return evaluateArguments(Map.of("--noise", "off", "--out", dir.toString()), dir);
    }

    /** The folder of the evaluation with the noise off. */
    public static final String NOISE_OFF = "noise-off";

    /** The folder of the recipe this one's extra evaluations pair with, beside this one's. */
    public Path pairFolder() {
        return recipe.pair() == null ? null : out.resolveSibling(recipe.pair() + "-" + scale);
    }

    /**
     * The {@code evaluate} arguments of the extra evaluation {@code name} ({@link Recipe#extra}),
     * into OUT/{@link Recipe#folderName}; {@code checkpoints} gives the checkpoint of this run and
     * of its pair, which its placeholders name.
     */
    public List<String> extraArguments(String name, Function<Path, Path> checkpoints) {
        Map<String, String> more = new LinkedHashMap<>(recipe.extra().get(name));
        if (scale.equals("smoke")) {
            more.putAll(recipe.smoke().extra().getOrDefault(name, Map.of()));
        }
        Path dir = out.resolve(Recipe.folderName(name));
        more.put("--out", dir.toString());
        more.replaceAll((option, value) -> placeholders(value, checkpoints));
        return evaluateArguments(more, dir);
    }

    private String placeholders(String value, Function<Path, Path> checkpoints) {
        String text = value.replace("{self-checkpoint}", checkpoints.apply(out).toString());
        if (recipe.pair() != null) {
            text =
                    text.replace("{pair-checkpoint}", checkpoints.apply(pairFolder()).toString())
                            .replace("{pair}", pairFolder().toString());
        }
        return text;
    }

    private List<String> evaluateArguments(Map<String, String> more, Path reportDir) {
        Map<String, String> options = new LinkedHashMap<>(recipe.evaluate());
        if (scale.equals("smoke")) {
            options.putAll(recipe.smoke().evaluate());
        }
        options.putAll(added.evaluate());
        options.put("--run", out.toString());
        options.putAll(more);
        List<String> args = new ArrayList<>(List.of("evaluate"));
        args.addAll(flatten(options));
        if (Files.isRegularFile(reportDir.resolve("evaluation.journal"))) {
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
    public Result run(ToIntFunction<List<String>> cli, java.io.PrintStream log) throws IOException {
        List<String> train = trainArguments();
        List<String> evaluate = evaluateArguments();
        List<String> noiseOff = noiseOffArguments();
        log.println("reproducing " + recipe.name() + " (" + scale + "): " + recipe.title());
        log.println("  ./noiseshield " + shellLine(train));
        log.println("  ./noiseshield " + shellLine(evaluate));
        if (noiseOff != null) {
            log.println("  ./noiseshield " + shellLine(noiseOff));
        }
        Files.createDirectories(out);
        step(cli, train, "training");
        if (recipe.pair() != null) {
            log.println("  its pair first: " + recipe.pair() + " in " + pairFolder());
            new Reproduction(Recipe.load(recipe.pair()), scale, pairFolder(), added).run(cli, log);
        }
        step(cli, evaluate, "evaluation");
        RobustnessReport offReport = null;
        if (noiseOff != null) {
            step(cli, noiseOff, "evaluation with the noise off");
            offReport = ReportWriter.read(out.resolve(NOISE_OFF).resolve("report.json"));
        }
        RobustnessReport report = ReportWriter.read(out.resolve("report.json"));
        List<Row> rows = measured(report, offReport);
        Map<String, List<String>> extras = new LinkedHashMap<>();
        for (String name : recipe.extra().keySet()) {
            List<String> args =
                    extraArguments(
                            name,
                            run -> {
                                try {
                                    return latestCheckpoint(run.resolve("checkpoints"));
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            log.println("  ./noiseshield " + shellLine(args));
            step(cli, args, "evaluation " + name);
            extras.put(name, args);
            Path dir = out.resolve(Recipe.folderName(name));
            rows.addAll(
                    rowsOf(
                            ReportWriter.read(dir.resolve("report.json")),
                            name + ": ",
                            recipe.extraAttacks(name)));
        }
        rows = withUnmeasured(rows);
        if (!paper(PARAMETERS).isEmpty()) {
            rows =
                    withParameters(
                            rows, parameterCount(latestCheckpoint(out.resolve("checkpoints"))));
        }
        String table = table(report, rows);
        AtomicFiles.writeString(out.resolve("reproduction.md"), table);
        AtomicFiles.writeString(
                out.resolve("reproduction.html"), ReproductionPage.of(recipe, scale, rows, report));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recipe", recipe);
        json.put("scale", scale);
        json.put("train", train);
        json.put("evaluate", evaluate);
        if (noiseOff != null) {
            json.put("evaluateNoiseOff", noiseOff);
        }
        if (!extras.isEmpty()) {
            json.put("evaluateExtra", extras);
        }
        json.put("rows", rows);
        AtomicFiles.write(
                out.resolve("reproduction.json"),
                o -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(o, json));
        return new Result(table, rows);
    }

    /**
     * What a reproduction wrote: the comparison as Markdown (reproduction.md) and its rows.
     *
     * @param markdown the comparison as reproduction.md holds it
     * @param rows its rows, the paper's numbers beside ours
     */
    public record Result(String markdown, List<Row> rows) {}

    private static void step(ToIntFunction<List<String>> cli, List<String> args, String what) {
        int code = cli.applyAsInt(args);
        if (code != 0) {
            throw new IllegalStateException(
                    "the " + what + " stopped (exit " + code + "); its message is above");
        }
    }

    /**
     * One row of the comparison: the paper's printed numbers for it (none, or one per table that
     * prints it) and ours with its interval (null where this recipe does not measure it).
     *
     * @param key which of our numbers ({@link Recipe.Reported#ours})
     */
    public record Row(
            String row,
            List<Recipe.Reported> paper,
            Double ours,
            Double low,
            Double high,
            String key) {}

    /** Clean, each attack of the recipe, and the worst case, ours beside the paper's. */
    public List<Row> rows(RobustnessReport report) {
        return rows(report, null);
    }

    /**
     * Clean, each attack and the worst case of the evaluation, then of the one with the noise off
     * (when there is one), then the paper's numbers this recipe does not measure, each row with the
     * paper's numbers for it.
     */
    public List<Row> rows(RobustnessReport report, RobustnessReport noiseOff) {
        return withUnmeasured(measured(report, noiseOff));
    }

    /** The rows of the evaluation and of the one with the noise off (null when none). */
    private List<Row> measured(RobustnessReport report, RobustnessReport noiseOff) {
        List<Row> rows = new ArrayList<>(rowsOf(report, "", recipe.attacks()));
        if (noiseOff != null) {
            rows.addAll(rowsOf(noiseOff, NOISE_OFF_PREFIX, recipe.attacks()));
        }
        return rows;
    }

    private static final String NOISE_OFF_PREFIX = "noise off: ";

    /** The checkpoint a finished training left last in {@code checkpoints}. */
    static Path latestCheckpoint(Path checkpoints) throws IOException {
        return Checkpoint.latest(checkpoints)
                .orElseThrow(() -> new IOException("no checkpoint in " + checkpoints));
    }

    /** {@code rows} and a row for each of the paper's numbers none of them measures. */
    private List<Row> withUnmeasured(List<Row> measured) {
        List<Row> rows = new ArrayList<>(measured);
        for (Recipe.Reported r : recipe.reported()) {
            if (rows.stream().noneMatch(row -> row.key().equals(r.ours()))) {
                rows.add(new Row(r.ours() + NOT_MEASURED, List.of(r), null, null, null, r.ours()));
            }
        }
        return rows;
    }

    /**
     * The rows of one evaluation, keyed by {@code prefix} and its attacks as the recipe writes them
     * at full scale ({@code attacks}, in the report's order), whatever scale ran.
     */
    private List<Row> rowsOf(RobustnessReport report, String prefix, List<String> attacks) {
        List<Row> rows = new ArrayList<>();
        rows.add(
                row(
                        prefix + "clean",
                        prefix + "clean",
                        report.clean().accuracy(),
                        report.clean().interval()));
        for (int i = 0; i < report.attacks().size(); i++) {
            RobustnessReport.AttackResult a = report.attacks().get(i);
            String text = i < attacks.size() ? attacks.get(i) : a.name();
            rows.add(
                    row(
                            prefix + label(a.name(), prefix + text, text),
                            prefix + text,
                            a.accuracy(),
                            a.interval()));
            rows.addAll(measures(report, a, prefix, text));
        }
        rows.add(
                row(
                        prefix + "worst case",
                        prefix + "worst case",
                        report.worstCase().accuracy(),
                        report.worstCase().interval()));
        if (prefix.isEmpty()) {
            rows.addAll(scaleRows(report));
        }
        return rows;
    }

    /** Key of a row with one learned scale, by the paper's name of its layer. */
    static final String SCALE = "scale: ";

    /** Keys of rows with the least and largest learned scale from a layer on. */
    static final String LEAST_SCALE = "least scale: from ";

    static final String LARGEST_SCALE = "largest scale: from ";

    /**
     * The learned noise scales the paper prints (its Table 1: named layers, and the range of the
     * layers from one on), by the names {@link PaperLayerNames} gives ours.
     */
    private List<Row> scaleRows(RobustnessReport report) {
        Map<String, Double> named = PaperLayerNames.of(report.noise().scales());
        List<Row> rows = new ArrayList<>();
        for (Recipe.Reported r : recipe.reported()) {
            String key = r.ours();
            if (rows.stream().anyMatch(row -> row.key().equals(key))) {
                continue;
            }
            Double ours = null;
            if (key.startsWith(SCALE)) {
                ours = named.get(key.substring(SCALE.length()));
            } else if (key.startsWith(LEAST_SCALE) || key.startsWith(LARGEST_SCALE)) {
                boolean least = key.startsWith(LEAST_SCALE);
                String first = key.substring((least ? LEAST_SCALE : LARGEST_SCALE).length());
                List<Double> values = PaperLayerNames.from(named, first);
                ours =
                        values.isEmpty()
                                ? null
                                : least
                                        ? java.util.Collections.min(values)
                                        : java.util.Collections.max(values);
            } else {
                continue;
            }
            rows.add(new Row(key, paper(key), ours, null, null, key));
        }
        return rows;
    }

    /** What the rows' numbers are, as the tables say it above them. */
    static final String UNITS =
            "Accuracies and rates in %, sizes in the attack's norm, scales as learned, counts as"
                    + " counted.";

    /** How the label of a row of the paper's that this run does not measure ends. */
    static final String NOT_MEASURED = " (not measured here)";

    /** Key of a row with the mean L2 (the attack's norm) of the perturbations that fooled. */
    static final String FOOLED_SIZE = "fooled size: ";

    /** Key of a row with an attack's success rate: the share of right images it fooled, %. */
    static final String SUCCESS_RATE = "success rate: ";

    /**
     * The rows of what the paper measures of an attack besides accuracy, where it prints a number
     * of it: the mean size of the perturbations that fooled the model (its Table 4's "mean C&amp;W
     * L2 norm to fool") and the attack's success rate among the images right when clean (its Table
     * 5's ZOO), neither with an interval.
     */
    private List<Row> measures(
            RobustnessReport report, RobustnessReport.AttackResult a, String prefix, String text) {
        List<Row> rows = new ArrayList<>();
        addMeasure(rows, prefix + FOOLED_SIZE, a.name(), text, a.meanFooledSize());
        double clean = report.clean().accuracy();
        if (clean > 0) {
            addMeasure(
                    rows,
                    prefix + SUCCESS_RATE,
                    a.name(),
                    text,
                    100 * (clean - a.accuracy()) / clean);
        }
        return rows;
    }

    /** The key of the row that counts the model's parameters. */
    static final String PARAMETERS = "parameters";

    /** {@code rows} with the parameter count measured in the row that reports it. */
    private static List<Row> withParameters(List<Row> rows, long count) {
        return rows.stream()
                .map(
                        r ->
                                r.key().equals(PARAMETERS)
                                        ? new Row(
                                                PARAMETERS,
                                                r.paper(),
                                                (double) count,
                                                null,
                                                null,
                                                PARAMETERS)
                                        : r)
                .toList();
    }

    /**
     * The parameters of the trained model, as the paper counts them: weights, biases and batch
     * norms' scales and shifts, without the learned noise scales (and without batch norms' running
     * statistics, which are not parameters).
     *
     * @param latest the checkpoint of the trained model
     */
    static long parameterCount(Path latest) throws IOException {
        try (ai.djl.ndarray.NDManager m = dev.noiseshield.run.ComputeDevice.newBaseManager();
                Network network = Checkpoint.read(latest).network(m, latest)) {
            return parameterCount(network);
        }
    }

    /**
     * Adds the row {@code measure} of an attack (by its report name, keyed by its recipe text)
     * where the paper prints a number of it.
     */
    private void addMeasure(List<Row> rows, String measure, String name, String text, Double ours) {
        String key = measure + text;
        if (!paper(key).isEmpty()) {
            rows.add(new Row(measure + name, paper(key), ours, null, null, key));
        }
    }

    /** A network's parameters as the paper counts them ({@link #parameterCount(Path)}). */
    static long parameterCount(Network network) {
        long count = 0;
        for (var p : network.parameters()) {
            Parameter parameter = p.getValue();
            if (!NoiseParameters.isNoiseParameter(parameter)
                    && parameter.getType() != Parameter.Type.RUNNING_MEAN
                    && parameter.getType() != Parameter.Type.RUNNING_VAR) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    /** The paper's numbers that stand beside our {@code key}. */
    private List<Recipe.Reported> paper(String key) {
        return recipe.reported().stream().filter(r -> r.ours().equals(key)).toList();
    }

    /**
     * An attack's row label: its name, and where the paper reports a number for it that our budget
     * does not reach (a C&W below 9 x 10,000), a note saying so.
     */
    private String label(String name, String key, String text) {
        if (paper(key).isEmpty()) {
            return name;
        }
        String below = AttackSpec.parse(text, 0.5f).belowPaperBudget();
        return below == null ? name : name + " (" + below + ")";
    }

    private Row row(String label, String key, double accuracy, Significance.Interval interval) {
        return new Row(
                label,
                paper(key),
                100 * accuracy,
                100 * interval.low(),
                100 * interval.high(),
                key);
    }

    /** The paper's numbers of a row as the table shows them, as printed, each with its table. */
    public static String paperCell(List<Recipe.Reported> paper) {
        if (paper.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (Recipe.Reported r : paper) {
            String value = r.value().toPlainString();
            if (r.std() != null) {
                value += " +- " + r.std().toPlainString();
            }
            parts.add(value + " (" + r.table() + ")");
        }
        return String.join("; ", parts);
    }

    /** The comparison as Markdown. */
    public String table(RobustnessReport report, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(recipe.title()).append(" (").append(scale).append(" scale)\n\n");
        md.append("Paper: ").append(recipe.paper()).append('\n');
        if (recipe.source() != null) {
            md.append("Reported: ").append(recipe.source()).append('\n');
        }
        md.append('\n');
        md.append(UNITS).append("\n\n");
        md.append("| row | paper | ours [95% CI] |\n");
        md.append("|---|---:|---:|\n");
        for (Row r : rows) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s |%n",
                            r.row(),
                            paperCell(r.paper()),
                            ReproductionPage.ours(r)));
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
