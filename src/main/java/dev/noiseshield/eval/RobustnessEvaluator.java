package dev.noiseshield.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.Eot;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.model.Ensemble;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.data.Batches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Clean and adversarial accuracy of a network, repeated {@code repeats} times with seeds seed,
 * seed+1, ... Each repeat re-draws the noise and the attacks' random starts, so the spread over
 * repeats shows how much a number owes to chance. The noise mode is set explicitly for the whole
 * evaluation, and batch norm uses its running statistics.
 */
public final class RobustnessEvaluator {
    private final EvalConfig config;
    private final Consumer<String> progress;

    public RobustnessEvaluator(EvalConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    public RobustnessReport evaluate(Network network, ImageDataset test, String dataset, String defense, NDManager root) {
        long start = System.nanoTime();
        NoiseMode previous = network.noiseMode();
        network.setNoiseMode(config.noiseMode());
        network.setBatchNormTraining(false);
        network.setParameterGradients(false);
        ImageDataset attacked = config.attackExamples() == 0 ? test : test.head(config.attackExamples());
        Classifier deployed = Ensemble.of(network, config.ensembleDraws(), config.ensembleRule());
        List<Long> seeds = new ArrayList<>();
        List<Double> clean = new ArrayList<>();
        List<List<Double>> perAttack = new ArrayList<>();
        double[] attackSeconds = new double[config.attacks().size()];
        config.attacks().forEach(a -> perAttack.add(new ArrayList<>()));
        try {
            for (int r = 0; r < config.repeats(); r++) {
                long seed = config.seed() + r;
                seeds.add(seed);
                root.getEngine().setRandomSeed((int) seed);
                clean.add(accuracy(deployed, test, null, 0f, root));
                progress.accept(String.format("repeat %d/%d: clean %.4f", r + 1, config.repeats(), clean.get(r)));
                for (int a = 0; a < config.attacks().size(); a++) {
                    AttackSpec spec = config.attacks().get(a);
                    long t = System.nanoTime();
                    double acc = accuracy(Eot.wrap(deployed, spec.eot()), attacked, spec.build(), spec.epsilon(), root);
                    attackSeconds[a] += (System.nanoTime() - t) / 1e9;
                    perAttack.get(a).add(acc);
                    progress.accept(String.format("repeat %d/%d: %s eps=%s accuracy %.4f (%.1f s)", r + 1,
                            config.repeats(), spec.name(), spec.epsilon(), acc, (System.nanoTime() - t) / 1e9));
                }
            }
        } finally {
            network.setNoiseMode(previous);
        }
        List<RobustnessReport.AttackResult> attacks = new ArrayList<>();
        for (int a = 0; a < config.attacks().size(); a++) {
            AttackSpec s = config.attacks().get(a);
            List<Double> runs = perAttack.get(a);
            attacks.add(new RobustnessReport.AttackResult(s.name(), s.norm(), s.epsilon(), s.steps(), s.restarts(),
                    s.eot(), Eot.wrap(deployed, s.eot()).gradientDraws() * passesPerCall(deployed), Stats.mean(runs), Stats.std(runs), runs,
                    attackSeconds[a]));
        }
        String scoring = Ensemble.describe(config.ensembleDraws(), config.ensembleRule());
        RobustnessReport.Evaluation evaluation = new RobustnessReport.Evaluation(config.repeats(), seeds,
                config.noiseMode().name(), config.ensembleDraws(), scoring, test.size(), attacked.size(),
                (System.nanoTime() - start) / 1e9);
        return new RobustnessReport(dataset, network.spec().architecture().cliName(), defense, evaluation,
                new RobustnessReport.Clean(Stats.mean(clean), Stats.std(clean), clean), attacks,
                new RobustnessReport.Noise(config.noiseMode() == NoiseMode.ON && network.spec().noise().any(),
                        scales(network)));
    }

    /** Accuracy on the data set, on adversarial examples when an attack is given. */
    private double accuracy(Classifier model, ImageDataset data, Attack attack, float eps, NDManager root) {
        long correct = 0;
        for (int[] batch : Batches.inOrder(data.size(), config.batchSize())) {
            try (NDManager scope = root.newSubManager()) {
                NDArray x = data.images(batch, scope);
                NDArray y = data.labels(batch, scope);
                NDArray input = attack == null ? x : attack.perturb(model, x, y, eps);
                correct += Predictions.correct(unwrapEot(model), input, y);
            }
        }
        return correct / (double) data.size();
    }

    /** Forward passes behind one call of the deployed classifier's logits. */
    private static int passesPerCall(Classifier deployed) {
        return deployed instanceof Ensemble ? ((Ensemble) deployed).draws() : 1;
    }

    /** EOT changes only how gradients are taken; predictions come from the model it wraps. */
    private static Classifier unwrapEot(Classifier model) {
        return model instanceof Eot ? ((Eot) model).inner() : model;
    }

    private static Map<String, List<Float>> scales(Network network) {
        Map<String, List<Float>> out = new LinkedHashMap<>();
        network.noiseScales().forEach((layer, values) -> {
            List<Float> list = new ArrayList<>();
            for (float v : values) {
                list.add(v);
            }
            out.put(layer, list);
        });
        return out;
    }
}
