package dev.noiseshield.cli;

import dev.noiseshield.bench.Workload;
import dev.noiseshield.data.Augment;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.Defenses;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.run.Console;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code noiseshield} launcher. */
@Command(
        name = "noiseshield",
        // every option's description, by its name (subcommands and option groups inherit it)
        resourceBundle = "dev.noiseshield.cli.OptionHelp",
        mixinStandardHelpOptions = true,
        version = "NoiseShield 0.1.0",
        description = "Train noise-defended networks and evaluate how robust they really are.",
        subcommands = {
            DemoCommand.class,
            CompareCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            CertifyCommand.class,
            ReproduceCommand.class,
            BenchCommand.class,
            DataCommand.class,
            CommandLine.HelpCommand.class
        })
public final class NoiseShieldCli {
    @Option(names = "--debug", scope = ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--quiet", scope = ScopeType.INHERIT)
    boolean quiet;

    public static void main(String[] args) {
        try {
            // the plugins on the class path, found before any help text lists what they add
            dev.noiseshield.attack.AttackKinds.all();
            Defenses.all();
            dev.noiseshield.model.NoiseLayerKinds.all();
        } catch (dev.noiseshield.run.Plugins.PluginException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NoiseShieldCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(
                parsed -> {
                    Console.quiet(((NoiseShieldCli) parsed.commandSpec().userObject()).quiet);
                    selectDevice(parsed);
                    return new CommandLine.RunLast().execute(parsed);
                });
        // the enums the options take are named as the reports name them (pni-w, small-cnn); an
        // unknown name gets the list of known ones
        cli.registerConverter(DefenseKind.class, named(Defenses::of));
        cli.registerConverter(Architecture.class, named(Architecture::fromCliName));
        cli.registerConverter(
                dev.noiseshield.model.Shortcut.class,
                named(dev.noiseshield.model.Shortcut::fromCliName));
        cli.registerConverter(Ensemble.Rule.class, named(Ensemble.Rule::fromCliName));
        cli.registerConverter(Workload.class, named(Workload::fromCliName));
        cli.registerConverter(Augment.class, named(Augment::fromCliName));
        // a bad option value is one line naming the option, not the whole usage text
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    // picocli starts some messages (a missing argument) with an "Error: " of its
                    // own
                    String message = e.getMessage().replaceFirst("^Error: ", "");
                    String help = " (see " + cmd.getCommandSpec().qualifiedName() + " --help)";
                    cmd.getErr()
                            .println(cmd.getColorScheme().errorText("error: " + message + help));
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    // A user error (bad data, bad option value) gets its message, not a stack
                    // trace.
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + messageOf(e)));
                    if (System.getenv("NOISESHIELD_DEBUG") != null
                            || ((NoiseShieldCli) cmd.getCommandSpec().root().userObject()).debug) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return 2;
                });
        return cli;
    }

    /**
     * Makes the {@code --device} of the command about to run this process's device, before it runs:
     * here once, so that no command can compute on another device for forgetting to. Not for a help
     * request, which computes nothing.
     */
    private static void selectDevice(CommandLine.ParseResult parsed) {
        List<CommandLine> chain = parsed.asCommandLineList();
        for (CommandLine command : chain) {
            if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
                return;
            }
        }
        CommandLine running = chain.get(chain.size() - 1);
        for (CommandLine.Model.CommandSpec mixin : running.getCommandSpec().mixins().values()) {
            if (mixin.userObject() instanceof DeviceOption device) {
                try {
                    device.select();
                } catch (IllegalArgumentException e) { // to the handler: one line, exit code 2
                    throw new CommandLine.ExecutionException(running, e.getMessage(), e);
                }
            }
        }
    }

    /** A lookup by name whose refusal picocli shows as it is, after the option's name. */
    private static <T> CommandLine.ITypeConverter<T> named(
            java.util.function.Function<String, T> lookup) {
        return value -> {
            try {
                return lookup.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    private static String messageOf(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile()
                    + ": "
                    + (missing.getReason() != null ? missing.getReason() : "no such file");
        }
        if (e instanceof java.nio.file.FileSystemException failed) {
            // the JDK's message is the bare path when it has no reason
            return failed.getFile()
                    + ": "
                    + (failed.getReason() != null
                            ? failed.getReason()
                            : failed.getClass().getSimpleName());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
