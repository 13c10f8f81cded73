package example;

import dev.noiseshield.api.NoiseShield;
import dev.noiseshield.report.RobustnessReport;
import dev.noiseshield.pipeline.TrainJob;
import java.nio.file.Path;

/**
 * The plugins through the Java API: trains {@code uniform-at} for one short epoch on the embedded
 * digits, evaluates it with FGSM and the plugin's MI-FGSM, and prints the typed report's numbers.
 * Run folder: the first argument, or {@code runs/example-api}.
 */
public final class TrainAndEvaluate {
    private TrainAndEvaluate() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/example-api");
        TrainJob.Outcome trained =
                NoiseShield.training("uniform-at")
                        .epochs(1)
                        .configure(c -> c.trainImages(2000).attackSteps(3))
                        .out(out)
                        .resume(java.nio.file.Files.isDirectory(out.resolve("checkpoints")))
                        .run();
        RobustnessReport report =
                NoiseShield.evaluation(trained.checkpoint())
                        .attacks("fgsm", "mi-fgsm:steps=5,decay=1.0")
                        .configure(c -> c.repeats(1).attackExamples(500).checks(false))
                        .run();
        System.out.printf("defense %s, clean %.2f%%%n", report.defense(), 100 * report.clean().accuracy());
        for (RobustnessReport.AttackResult attack : report.attacks()) {
            System.out.printf("%-16s %.2f%%%n", attack.name(), 100 * attack.accuracy());
        }
        System.out.println("reports: " + out.resolve("report.md") + ", " + out.resolve("report.html"));
    }
}
