package dev.noiseshield.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noiseshield.certify.Certification;
import dev.noiseshield.certify.Certify;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.report.RunPage;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.ComputeDevice;
import dev.noiseshield.run.Console;
import dev.noiseshield.run.Json;
import dev.noiseshield.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code noiseshield certify}: certified L2 robustness by randomized smoothing. */
@Command(
        name = "certify",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Certified L2 robustness by randomized smoothing (Cohen, Rosenfeld and Kolter, 2019):"
                    + " CERTIFY on the first test images with Gaussian noise of std SIGMA on the"
                    + " inputs, certified accuracy against the radius, and beside it the same"
                    + " smoothed classifier's accuracy under PGD-L2 with EOT at each radius. Writes"
                    + " certification-sigma-SIGMA.json and adds it to report.json (and report.html)"
                    + " where the run has one."
        })
final class CertifyCommand implements Callable<Integer> {
    @Mixin DeviceOption device;

    @Mixin SavedModelOptions source;

    @Option(names = "--sigma", required = true, paramLabel = "SIGMA")
    float sigma;

    @Option(names = "--examples", paramLabel = "N")
    int examples = 100;

    @Option(names = "--n0", paramLabel = "N")
    int n0 = Certify.Settings.PAPER.n0();

    @Option(names = "--n", paramLabel = "N")
    int n = Certify.Settings.PAPER.n();

    @Option(names = "--alpha", paramLabel = "P")
    double alpha = Certify.Settings.PAPER.alpha();

    @Option(names = "--draw-batch", paramLabel = "N")
    int batch = Certify.Settings.PAPER.batch();

    @Option(names = "--radii", split = ",", paramLabel = "R")
    List<Double> radii = List.of(0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0);

    @Option(names = "--attack-steps", paramLabel = "N")
    int attackSteps = 20;

    @Option(names = "--attack-eot", paramLabel = "N")
    int attackEot = 8;

    @Option(names = "--noise", descriptionKey = "certify.noise", paramLabel = "ON|OFF")
    NoiseMode noise;

    @Option(names = "--seed", descriptionKey = "certify.seed", paramLabel = "N")
    long seed = 100;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "certify.out")
    Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.positive("--sigma", sigma);
        OptionChecks.atLeast("--examples", examples, 1);
        OptionChecks.atLeast("--attack-steps", attackSteps, 0);
        OptionChecks.atLeast("--attack-eot", attackEot, 1);
        Certify.Settings certify = new Certify.Settings(n0, n, alpha, batch);
        Path file = source.checkpointFile();
        Path dir = out != null ? out : source.runFolder();
        Checkpoint.Contents contents = Checkpoint.read(file);
        ImageDataset test = source.testSet(contents);
        ImageDataset images = test.head(Math.min(examples, test.size()));
        try (NDManager root = ComputeDevice.newBaseManager();
                Network network = contents.network(root, file)) {
            NoiseSpec spec = network.spec().noise();
            String dependent = Certify.dependentDraws(spec);
            NoiseMode mode =
                    noise != null ? noise : dependent == null ? NoiseMode.ON : NoiseMode.OFF;
            if (mode == NoiseMode.ON && dependent != null) {
                throw new IllegalArgumentException(
                        "--noise ON: "
                                + dependent
                                + ", which makes the draws dependent and the bound invalid;"
                                + " certify it with --noise OFF");
            }
            network.setNoiseMode(mode);
            network.prepareForAttacks();
            // the model's own input noise (RSE, smooth) adds to the smoothing noise: N(0, s^2) +
            // N(0, a^2) = N(0, s^2 + a^2), so a model whose first layer draws sigma needs none
            // added
            float own = mode == NoiseMode.ON ? spec.inputSigma() : 0f;
            if (own > sigma) {
                throw new IllegalArgumentException(
                        "--sigma "
                                + sigma
                                + " is below the model's own input noise "
                                + own
                                + ": certify at --sigma "
                                + own
                                + " or more");
            }
            float added = (float) Math.sqrt(sigma * sigma - own * own);
            root.getEngine().setRandomSeed((int) seed);
            Certification.Settings settings =
                    new Certification.Settings(
                            sigma, added, certify, radii, attackSteps, attackEot, 100);
            Certification.Result result =
                    Certification.run(network, images, settings, root, Console.progressLines());
            write(dir, result, own, mode);
            print(result, own, mode);
        }
        return 0;
    }

    private void write(Path dir, Certification.Result result, float own, NoiseMode mode)
            throws Exception {
        ObjectNode node = Json.MAPPER.valueToTree(result);
        node.put("modelInputNoise", own);
        node.put("modelNoise", mode.name());
        Path file = dir.resolve(String.format(Locale.ROOT, "certification-sigma-%s.json", sigma));
        AtomicFiles.write(file, o -> Json.MAPPER.writeValue(o, node));
        System.out.println("certificates: " + file);
        Path report = dir.resolve("report.json");
        if (Files.isRegularFile(report)) {
            ObjectNode r = (ObjectNode) Json.MAPPER.readTree(report.toFile());
            ObjectNode all =
                    r.has("certification")
                            ? (ObjectNode) r.get("certification")
                            : r.putObject("certification");
            node.remove("examples");
            all.set(String.valueOf(sigma), node);
            AtomicFiles.write(report, o -> Json.MAPPER.writeValue(o, r));
            System.out.println("report: " + report + ", " + RunPage.write(dir));
        }
    }

    private void print(Certification.Result result, float own, NoiseMode mode) {
        System.out.printf(
                Locale.ROOT,
                "%nrandomized smoothing at sigma %s (model noise %s%s), %d images, n0 %d, n %d,"
                        + " alpha %s: %.1f s, %.2f images/s certified%n",
                sigma,
                mode,
                own > 0 ? ", its own input noise " + own + " included" : "",
                result.examples().size(),
                n0,
                n,
                alpha,
                result.seconds(),
                result.imagesPerSecond());
        System.out.println(
                "L2 radius | certified accuracy % | under PGD-L2 ("
                        + attackSteps
                        + " steps, EOT "
                        + attackEot
                        + ") %");
        for (Certification.Point p : result.curve()) {
            System.out.printf(
                    Locale.ROOT,
                    "%9s | %20.1f | %s%n",
                    p.radius(),
                    100 * p.certified(),
                    p.attacked() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.1f", 100 * p.attacked()));
        }
    }
}
