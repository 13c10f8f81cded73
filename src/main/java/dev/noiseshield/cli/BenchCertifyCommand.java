package dev.noiseshield.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.certify.Certify;
import dev.noiseshield.certify.GaussianSmoothing;
import dev.noiseshield.model.Architecture;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.run.ComputeDevice;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code noiseshield bench certify}: how many images a second CERTIFY gets through on the small CNN
 * and on ResNet-20, from the draws a second of the smoothed classifier.
 */
@Command(
        name = "certify",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Time the draws of randomized smoothing's CERTIFY on the small CNN (1x28x28) and on"
                    + " ResNet-20 (3x32x32), random weights: draws a second, and images a second at"
                    + " the paper's n0 + n draws per image."
        })
final class BenchCertifyCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Option(names = "--draws", paramLabel = "N")
    int draws = 20_000;

    @Option(names = "--draw-batch", paramLabel = "N")
    int batch = Certify.Settings.PAPER.batch();

    @Override
    public Integer call() {
        OptionChecks.atLeast("--draws", draws, 1);
        OptionChecks.atLeast("--draw-batch", batch, 1);
        int perImage = Certify.Settings.PAPER.n0() + Certify.Settings.PAPER.n();
        System.out.printf(
                Locale.ROOT, "model       draws/s   images/s at %,d draws each%n", perImage);
        for (Architecture a : new Architecture[] {Architecture.SMALL_CNN, Architecture.RESNET20}) {
            int channels = a == Architecture.SMALL_CNN ? 1 : 3;
            int size = a == Architecture.SMALL_CNN ? 28 : 32;
            ModelSpec spec =
                    new ModelSpec(
                            a,
                            channels,
                            size,
                            10,
                            1,
                            Collections.nCopies(channels, 0.5),
                            Collections.nCopies(channels, 0.25),
                            NoiseSpec.NONE);
            try (NDManager root = ComputeDevice.newBaseManager();
                    Network net = Network.create(spec, root)) {
                net.setNoiseMode(NoiseMode.OFF);
                net.prepareForAttacks();
                GaussianSmoothing smoothed = new GaussianSmoothing(net, 0.25f);
                NDArray image = root.randomUniform(0f, 1f, Network.inputShape(spec, 1));
                Certify.counts(smoothed, image, 1000, batch); // warm-up
                long start = System.nanoTime();
                Certify.counts(smoothed, image, draws, batch);
                double perSecond = draws / ((System.nanoTime() - start) / 1e9);
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %8.0f %10.3f%n",
                        a.cliName(),
                        perSecond,
                        perSecond / perImage);
            }
        }
        return 0;
    }
}
