package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noiseshield.TestData;
import dev.noiseshield.run.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandLineTest {
    @TempDir Path dir;

    /**
     * Every option of every command shows its default in --help (issue: "list every option with its
     * default").
     */
    @Test
    void helpPagesListEveryOptionWithItsDefault() {
        CommandLine cli = NoiseShieldCli.commandLine();
        for (String name : List.of("train", "evaluate", "demo", "compare")) {
            CommandLine sub = cli.getSubcommands().get(name);
            String help = sub.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                assertTrue(
                        help.contains(option.longestName()),
                        name + " help lacks " + option.longestName());
                if (option.defaultValue() != null
                        || (option.initialValue() != null
                                && !(option.initialValue() instanceof Boolean))) {
                    // the option's own entry in the option list, up to the next option
                    java.util.regex.Matcher entry =
                            java.util.regex.Pattern.compile(
                                            "\n\\s+"
                                                    + java.util.regex.Pattern.quote(
                                                            option.longestName())
                                                    + "[=\\s][\\s\\S]*?(?=\n\\s+-|$)")
                                    .matcher(help);
                    assertTrue(
                            entry.find(), name + " help has no entry for " + option.longestName());
                    String line = entry.group();
                    assertTrue(
                            line.contains("Default:"),
                            name + " " + option.longestName() + " shows no default");
                }
            }
        }
        CommandLine fetch = cli.getSubcommands().get("data").getSubcommands().get("fetch");
        assertTrue(fetch.getUsageMessage(CommandLine.Help.Ansi.OFF).contains("data/DATASET)"));
    }

    @Test
    void trainThenEvaluateWritesReportsAndProvenance() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 128, 64);
        Path run = dir.resolve("run");
        int trained = TestData.trainOneEpoch(data, "pni-w", run);
        assertEquals(0, trained);
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/epoch-001.nsck")));
        int evaluated =
                NoiseShieldCli.commandLine()
                        .execute(
                                "evaluate",
                                "--run",
                                run.toString(),
                                "--data-dir",
                                data.toString(),
                                "--repeats",
                                "2",
                                "--attack-examples",
                                "16",
                                "--attacks",
                                "fgsm;pgd:steps=2,eot=2",
                                "--check-examples",
                                "8",
                                "--scoring-draws",
                                "3");
        assertEquals(0, evaluated);

        JsonNode report = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        assertEquals("mnist", report.get("dataset").asText());
        assertEquals("small-cnn", report.get("model").asText());
        assertEquals("pni-w", report.get("defense").asText());
        double clean = report.get("clean").get("accuracy").asDouble();
        JsonNode cleanRuns = report.get("clean").get("runs");
        assertEquals(
                (cleanRuns.get(0).asDouble() + cleanRuns.get(1).asDouble()) / 2,
                clean,
                1e-9,
                "the mean of the repeats");
        for (JsonNode attack : report.get("attacks")) {
            assertTrue(
                    attack.get("accuracy").asDouble() <= clean + 1e-9,
                    "robust only where right when clean: " + attack);
        }
        JsonNode attacks = report.get("attacks");
        assertEquals(2, attacks.size());
        assertEquals("eot-pgd-2x2", attacks.get(1).get("name").asText());
        assertEquals(2, attacks.get(1).get("eot").asInt());
        assertEquals(0.3, attacks.get(0).get("epsilon").asDouble(), 1e-6);
        assertEquals(2, attacks.get(0).get("runs").size());
        assertTrue(attacks.get(0).has("std"));
        assertTrue(
                report.get("noise").get("scales").size() >= 4, "one scale entry per noisy layer");
        assertTrue(Files.readString(run.resolve("report.md")).contains("eot-pgd-2x2"));
        assertEquals(3, report.get("evaluation").get("scoringDraws").asInt());
        assertTrue(
                report.get("worstCase").get("accuracy").asDouble()
                        <= attacks.get(1).get("accuracy").asDouble());
        JsonNode checks = report.get("checks");
        assertTrue(checks.size() >= 10, "the sanity checks ran: " + checks);
        assertTrue(checks.get(0).has("verdict") && checks.get(0).has("detail"));
        assertTrue(Files.isRegularFile(run.resolve("sweeps.csv")));

        JsonNode runs = Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("runs");
        assertEquals(
                List.of("train", "evaluate"),
                List.of(runs.get(0).get("command").asText(), runs.get(1).get("command").asText()));
        assertTrue(runs.get(0).get("versions").get("djl").asText().startsWith("0.35"));
        assertTrue(
                runs.get(0).has("gitCommit")
                        && runs.get(0).has("wallSeconds")
                        && runs.get(0).has("seed"));
    }

    /**
     * compare trains each defense with its preset and prints one table; RSE is scored by its
     * 10-draw ensemble.
     */
    @Test
    void compareTrainsEveryDefenseWithOneRecipeAndWritesOneTable() throws Exception {
        Path data = TestData.writeMnistFolder(dir.resolve("digits"), 64, 32);
        Path out = dir.resolve("cmp");
        int code =
                NoiseShieldCli.commandLine()
                        .execute(
                                TestData.oneEpochCompareArgs(
                                        data,
                                        "rse,wca,trades",
                                        out,
                                        "--repeats",
                                        "1",
                                        "--attack-examples",
                                        "8",
                                        "--attacks",
                                        "fgsm",
                                        "--checks",
                                        "false"));
        assertEquals(0, code);
        String table = Files.readString(out.resolve("comparison.md"));
        for (String d : List.of("rse", "wca", "trades")) {
            assertTrue(table.contains(d), "table names " + d + ":\n" + table);
            assertTrue(Files.isRegularFile(out.resolve(d).resolve("report.json")));
        }
        JsonNode rse = Json.MAPPER.readTree(out.resolve("rse/report.json").toFile());
        assertEquals(10, rse.get("evaluation").get("ensembleDraws").asInt());
        assertTrue(
                rse.get("evaluation")
                        .get("scoring")
                        .asText()
                        .contains("mean softmax probability over 10"));
        JsonNode trades =
                Json.MAPPER.readTree(out.resolve("trades/run.json").toFile()).get("runs").get(0);
        assertEquals(
                6.0,
                trades.get("config")
                        .get("train")
                        .get("config")
                        .get("loss")
                        .get("tradesBeta")
                        .asDouble(),
                1e-6);
    }

    @Test
    void badInputGivesAClearErrorAndExitCode() throws Exception {
        CommandLine cli = NoiseShieldCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "train",
                        "--dataset",
                        "mnist",
                        "--data-dir",
                        dir.resolve("missing").toString(),
                        "--out",
                        dir.resolve("r").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("no such file"), err.toString());
        StringWriter err2 = new StringWriter();
        CommandLine cli2 = NoiseShieldCli.commandLine();
        cli2.setErr(new PrintWriter(err2));
        assertEquals(
                2, cli2.execute("evaluate", "--run", dir.toString(), "--attacks", "pgd:stepz=3"));
    }

    /**
     * Each bad numeric option: exit code 2 and one line that names the option, before any file is
     * read.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "train --epochs 0                       | --epochs must be >= 1, got 0",
                "train --batch-size 1                   | --batch-size must be >= 2",
                "train --lr NaN                         | --lr must be finite and > 0",
                "train --lr -0.1                        | --lr must be finite and > 0",
                "train --momentum 1                     | --momentum must be in [0, 1)",
                "train --train-eps 1.5                  | --train-eps must be in (0, 1]",
                "train --train-steps 0                  | --train-steps must be >= 1",
                "train --adv-weight 2                   | --adv-weight must be in [0, 1]",
                "train --width 0                        | --width must be finite and > 0",
                "train --width 1.1                      | --width 1.1 gives 17.6",
                "train --shortcut zero-pad              | --shortcut: small-cnn has no residual",
                "train --shortcut option-a --model resnet20 | unknown shortcut 'option-a'",
                "train --cni-rank 0 --defense cni       | --cni-rank must be >= 1",
                "train --rse-init -1 --defense rse      | --rse-init must be finite and >= 0",
                "train --pni-activation-site in --defense pni-a | --pni-activation-site: 'in' is"
                        + " neither output nor input",
                "train --pni-activation-site input --defense pni-w | --pni-activation-site:"
                        + " pni-w has no PNI activation noise",
                "train --train-attack-noise maybe       | --train-attack-noise",
                "train --lr-milestones 3,-1             | --lr-milestones must be >= 0",
                "evaluate --eps 0                       | --eps must be in (0, 1]",
                "evaluate --eps 8/0                     | --eps: '8/0' is not a radius",
                "evaluate --eps-l2 two                  | --eps-l2: 'two' is not a radius",
                "train --train-eps 300/255              | --train-eps must be in (0, 1]",
                "evaluate --sweep eps=2/255,x           | --sweep: sweep value 'x'",
                "evaluate --repeats 0                   | --repeats must be >= 1",
                "evaluate --scoring-draws 0             | --scoring-draws must be >= 1",
                "evaluate --eval-batch-size 0           | --eval-batch-size must be >= 1",
                "evaluate --shard-size 0                | --shard-size must be >= 1",
                "evaluate --spark local[2]              | the Spark module (noiseshield-spark)",
                "compare --spark local[2]               | the Spark module (noiseshield-spark)",
                "evaluate --attack-examples -1          | --attack-examples must be >= 0",
                "evaluate --attacks pgd:stepz=3         | stepz",
                "compare --defenses pgd-at --epochs 0   | --epochs must be >= 1",
                "bench memory --scale 0                 | --scale must be finite and > 0",
            })
    void badOptionsAreNamedBeforeAnyWork(String arguments, String expected) {
        List<String> args = new java.util.ArrayList<>(List.of(arguments.trim().split("\\s+")));
        args.addAll(
                args.get(0).equals("evaluate")
                        ? List.of("--run", dir.resolve("none").toString())
                        : args.get(0).equals("bench")
                                ? List.of()
                                : List.of("--out", dir.resolve("out").toString()));
        CliRun refused = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, refused.code(), refused.err());
        String message = refused.err();
        assertTrue(
                message.contains(expected)
                        && !message.contains("\n")
                        && !message.contains("Exception"),
                message);
        assertTrue(!Files.exists(dir.resolve("out/checkpoints")), "nothing was trained");
    }

    @Test
    void aMissingModelIsOneErrorLine() {
        CliRun refused = CliRun.of("export", "--out", dir.resolve("export").toString());
        assertEquals(2, refused.code(), refused.err());
        assertEquals(
                "error: Missing required argument (specify one of these): (--run=DIR |"
                        + " --checkpoint=FILE) (see noiseshield export --help)",
                refused.err().strip());
    }

    @Test
    void aMalformedDataFolderOrAMissingCheckpointIsNamedAsItIs() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String f :
                List.of(
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte")) {
            Files.writeString(data.resolve(f), "garbage");
        }
        CliRun train =
                CliRun.of(
                        "train",
                        "--dataset",
                        "mnist",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        dir.resolve("r").toString());
        assertEquals(2, train.code());
        assertEquals(
                "error: "
                        + data.resolve("train-images-idx3-ubyte")
                        + ": not an IDX file (the first"
                        + " two bytes must be zero)",
                train.err());

        CliRun evaluate =
                CliRun.of("evaluate", "--checkpoint", dir.resolve("none.nsck").toString());
        assertEquals(2, evaluate.code());
        assertEquals("error: " + dir.resolve("none.nsck") + ": no such file", evaluate.err());
    }

    @Test
    void aDamagedRunLogIsRefusedBeforeTheJobAndKept() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("run.json"), "{\"runs\": [");
        CliRun refused = CliRun.of("train", "--epochs", "1", "--out", run.toString());
        assertEquals(2, refused.code());
        assertTrue(
                refused.err().contains(run.resolve("run.json") + ": is not valid JSON"),
                refused.err());
        assertTrue(!Files.exists(run.resolve("checkpoints")), "refused before training");
        assertEquals(
                "{\"runs\": [",
                Files.readString(run.resolve("run.json")),
                "the damaged log is left as it was");
    }

    @Test
    void benchRefusesAMissingReferenceBeforeTimingAnything() {
        CommandLine cli = NoiseShieldCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = System.out;
        int code;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code =
                    cli.execute(
                            "bench",
                            "--reference",
                            "--reference-script",
                            dir.resolve("none.py").toString(),
                            "--workloads",
                            "eot8",
                            "--json",
                            dir.resolve("bench.json").toString());
        } finally {
            System.setOut(console);
        }
        assertEquals(2, code);
        assertTrue(err.toString().contains("reference script not found"), err.toString());
        // the progress lines of the timing (minutes for eot8) must not have started
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!printed.contains("timing") && !printed.contains("peak"), printed);
    }
}
