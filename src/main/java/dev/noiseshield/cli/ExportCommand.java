package dev.noiseshield.cli;

import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.export.ModelDescription;
import dev.noiseshield.export.ModelExport;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code noiseshield export}: a trained model as safetensors and JSON, for PyTorch and Java. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Export a trained model: OUT/model.safetensors (every parameter, batch-norm statistic"
                    + " and noise parameter, float32) and OUT/model.json (architecture, input,"
                    + " noise, inference rule, the run's headline numbers, provenance). Load it in"
                    + " PyTorch with python/noiseshield_torch.py, in Java with"
                    + " dev.noiseshield.serve.NoiseShieldModel. Tensor names: docs/export.md."
        })
final class ExportCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Mixin SavedModelOptions source;

    @Option(names = "--out", required = true, paramLabel = "DIR", descriptionKey = "export.out")
    Path out;

    @Option(names = "--test-images", paramLabel = "N", descriptionKey = "export.test-images")
    int testImages = 1000;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--test-images", testImages, 0);
        Path checkpoint = source.checkpointFile();
        Path runDir = source.runFolder();
        // the test images are read first: a data set that needs --data-dir fails before any file
        // is written
        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
        ImageDataset test = testImages > 0 ? source.testSet(contents) : null;
        ModelDescription d =
                ModelExport.export(contents, checkpoint, runDir.resolve("report.json"), out);
        System.out.printf(
                Locale.ROOT,
                "exported %s (%s, %s, trained %d epochs on %s) to %s%n",
                checkpoint,
                d.defense(),
                d.architecture(),
                d.provenance().epochs(),
                d.dataset(),
                out);
        System.out.println(
                d.report() == null
                        ? "no report.json in " + runDir + ": model.json has no headline numbers"
                        : String.format(
                                Locale.ROOT,
                                "headline from %s: clean %.2f%%, worst case %s",
                                d.report().source(),
                                100 * d.report().clean().accuracy(),
                                d.report().worstCase() == null
                                        ? "none"
                                        : String.format(
                                                Locale.ROOT,
                                                "%.2f%%",
                                                100 * d.report().worstCase().accuracy())));
        System.out.println(
                "files: "
                        + out.resolve(ModelExport.TENSORS)
                        + ", "
                        + out.resolve(ModelExport.DESCRIPTION));
        if (test != null) {
            System.out.println(
                    "test images: "
                            + ModelExport.writeTestImages(test, testImages, out)
                            + " ("
                            + Math.min(testImages, test.size())
                            + " of "
                            + d.dataset()
                            + ")");
        }
        return 0;
    }
}
