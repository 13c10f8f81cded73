package dev.noiseshield.certify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.run.Pace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Certifies the first test images of a smoothed model and measures, beside the certificate, the
 * empirical robustness of the same smoothed classifier under PGD-L2 with EOT at the same radii: the
 * certified accuracy at a radius is a lower bound, the attacked one an upper bound, of the true
 * robust accuracy, so the first must lie below the second.
 */
public final class Certification {
    private Certification() {}

    /**
     * How to certify and attack.
     *
     * @param sigma the smoothing noise the certificate is for (the model's own input noise
     *     included)
     * @param added the noise this adds to the inputs (sigma less the model's own)
     * @param attackSteps PGD-L2 steps of the empirical attack (0: none)
     * @param attackEot noise draws each of its gradients averages
     * @param voteDraws draws of the smoothed prediction an attacked image is judged by
     */
    public record Settings(
            float sigma,
            float added,
            Certify.Settings certify,
            List<Double> radii,
            int attackSteps,
            int attackEot,
            int voteDraws) {}

    /** One image's certificate. */
    public record Example(int index, int label, int prediction, double radius, double pLower) {}

    /** Certified and attacked accuracy of the smoothed classifier at one L2 radius. */
    public record Point(double radius, double certified, Double attacked) {}

    /** What certify writes: settings, every certificate, the curve, and its cost. */
    public record Result(
            Settings settings,
            List<Example> examples,
            List<Point> curve,
            double seconds,
            double imagesPerSecond) {}

    public static Result run(
            Classifier model,
            ImageDataset images,
            Settings s,
            NDManager root,
            Consumer<String> progress) {
        long start = System.nanoTime();
        Classifier smoothed = new GaussianSmoothing(model, s.added());
        List<Example> examples = new ArrayList<>();
        Pace pace = new Pace(10);
        for (int i = 0; i < images.size(); i++) {
            try (NDManager scope = root.newSubManager()) {
                NDArray x = images.images(new int[] {i}, scope);
                Certify.Result r = Certify.certify(smoothed, s.sigma(), x, s.certify());
                examples.add(
                        new Example(i, images.label(i), r.prediction(), r.radius(), r.pLower()));
            }
            if (pace.due() || i == images.size() - 1) {
                progress.accept(
                        String.format(Locale.ROOT, "certified %d/%d images, ", i + 1, images.size())
                                + Pace.soFar(
                                        (System.nanoTime() - start) / 1e9,
                                        i + 1,
                                        images.size() - i - 1));
            }
        }
        double certifySeconds = (System.nanoTime() - start) / 1e9;
        List<Point> curve = new ArrayList<>();
        for (double radius : s.radii()) {
            double certified =
                    examples.stream()
                                    .filter(
                                            e ->
                                                    e.prediction() == e.label()
                                                            && e.radius() >= radius)
                                    .count()
                            / (double) examples.size();
            Double attacked =
                    s.attackSteps() > 0
                            ? attackedAccuracy(smoothed, images, s, radius, root)
                            : null;
            curve.add(new Point(radius, certified, attacked));
        }
        return new Result(
                s,
                examples,
                curve,
                (System.nanoTime() - start) / 1e9,
                images.size() / certifySeconds);
    }

    /**
     * The fraction of images the smoothed classifier's vote gets right both clean and after PGD-L2
     * with EOT at the radius (0: clean only).
     */
    static double attackedAccuracy(
            Classifier smoothed, ImageDataset images, Settings s, double radius, NDManager root) {
        int right = 0;
        Pgd pgd = new Pgd(new L2Norm(), PgdSettings.of(s.attackSteps()));
        Classifier eot = Eot.wrap(smoothed, s.attackEot());
        for (int i = 0; i < images.size(); i++) {
            try (NDManager scope = root.newSubManager()) {
                NDArray x = images.images(new int[] {i}, scope);
                NDArray y = images.labels(new int[] {i}, scope);
                int label = images.label(i);
                if (vote(smoothed, x, s.voteDraws()) != label) {
                    continue;
                }
                NDArray adversarial = radius > 0 ? pgd.perturb(eot, x, y, (float) radius) : x;
                right += vote(smoothed, adversarial, s.voteDraws()) == label ? 1 : 0;
            }
        }
        return right / (double) images.size();
    }

    private static int vote(Classifier smoothed, NDArray x, int draws) {
        return Certify.argMax(Certify.counts(smoothed, x, draws, draws));
    }
}
