package dev.noiseshield.cli;

import dev.noiseshield.export.ModelDescription;
import dev.noiseshield.serve.NoiseShieldModel;
import dev.noiseshield.serve.ServingLoad;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code noiseshield bench serve}: the serving API under load (README, "Models in and out"). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Load an exported model with the serving API (NoiseShieldModel) and call predict from"
                + " many threads for a while, with bad calls mixed in: prints the calls made, the"
                + " answers that differ from the single-thread one (0 for a model without noise),"
                + " the bad calls refused, latency percentiles and resident memory at the start,"
                + " after a quarter and at the end. Exit code 1 when an answer was wrong."
        })
final class BenchServeCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            descriptionKey = "bench-serve.model")
    Path model;

    @Option(names = "--threads", paramLabel = "N")
    int threads = 32;

    @Option(names = "--seconds", paramLabel = "SECONDS")
    double seconds = 60;

    @Option(names = "--images", descriptionKey = "bench-serve.images", paramLabel = "N")
    int images = 8;

    @Mixin FiguresFileOption figures;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--threads", threads, 1);
        OptionChecks.positive("--seconds", seconds);
        OptionChecks.atLeast("--images", images, 1);
        try (NoiseShieldModel served = NoiseShieldModel.load(model)) {
            ServingLoad.Result result =
                    ServingLoad.run(served, randomImages(served.description()), threads, seconds);
            System.out.println(result.summary());
            ModelDescription.Inference inference = served.description().inference();
            boolean noisy = inference.draws() > 1 || !"none".equals(inference.noise());
            if (noisy) {
                System.out.println(
                        "(the model draws noise: answers differ from call to call by design, so"
                                + " 'wrong' counts draws, not errors)");
            }
            figures.write(result);
            return result.wrong() == 0 || noisy ? 0 : 1;
        }
    }

    private float[][][][] randomImages(ModelDescription description) {
        ModelDescription.Input in = description.input();
        Random random = new Random(1);
        float[][][][] x = new float[images][in.channels()][in.height()][in.width()];
        for (float[][][] image : x) {
            for (float[][] channel : image) {
                for (float[] row : channel) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = random.nextFloat();
                    }
                }
            }
        }
        return x;
    }
}
