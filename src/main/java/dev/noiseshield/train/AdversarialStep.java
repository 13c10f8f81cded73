package dev.noiseshield.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.model.Network;
import dev.noiseshield.nn.CrossEntropy;
import dev.noiseshield.nn.DetachedView;
import dev.noiseshield.nn.NoiseMode;
import java.util.function.Consumer;

/**
 * One training step, shared by the {@link Trainer} and the benchmark:
 *
 * <ol>
 *   <li>with parameter gradients off (attacks need only the input gradient), an L-inf PGD
 *       adversarial example with a random start, with the network's noise on (for PNI: else the
 *       scales collapse or diverge), or off where asked ({@link #attackNoise}); for TRADES, one
 *       that maximises the KL divergence from the clean prediction instead;
 *   <li>with parameter gradients on, loss {@code (1 - w) CE(clean) + w CE(adv)}, or CE(clean) when
 *       eps is 0, or TRADES' {@code CE(clean) + beta KL(p(clean) || p(adv))}; plus the weighted
 *       noise regularizer (WCA, MFDV) when there is one;
 *   <li>a non-finite loss stops before any update; else one optimizer step.
 * </ol>
 *
 * Arrays live in the manager of x, which the caller closes after the step.
 */
public final class AdversarialStep {
    private final Network network;
    private final NesterovSgd optimizer;
    private final Pgd attack;
    private final PgdSettings attackSettings;
    private final float adversarialWeight;
    private final TrainingLoss extraLoss;
    private NoiseMode attackNoise = NoiseMode.ON;

    /**
     * What a step measured. {@code adversarialCorrect} is -1 for a step without adversarial
     * examples.
     */
    public record Result(float loss, long cleanCorrect, long adversarialCorrect) {}

    public AdversarialStep(
            Network network, NesterovSgd optimizer, PgdSettings attack, float adversarialWeight) {
        this(network, optimizer, attack, adversarialWeight, TrainingLoss.STANDARD);
    }

    public AdversarialStep(
            Network network,
            NesterovSgd optimizer,
            PgdSettings attack,
            float adversarialWeight,
            TrainingLoss extraLoss) {
        this.attack = new Pgd(new LinfNorm(), attack);
        this.attackSettings = attack;
        this.network = network;
        this.optimizer = optimizer;
        this.adversarialWeight = adversarialWeight;
        this.extraLoss = extraLoss;
    }

    /**
     * This step with the network's noise set to {@code mode} while its attack runs (OFF: the PNI
     * paper's Table 1 ablation), and restored for the loss.
     */
    public AdversarialStep attackNoise(NoiseMode mode) {
        this.attackNoise = mode;
        return this;
    }

    /**
     * One training step on the batch: the attack, the loss, the update.
     *
     * @param epoch 1-based, named in the error for a non-finite loss
     * @param batch 1-based, likewise
     */
    public Result run(NDArray x, NDArray y, float eps, float learningRate, int epoch, int batch) {
        NDArray adv = eps > 0f ? adversarial(x, y, eps) : null;
        network.setParameterGradients(true);
        NDArray cleanLogits;
        NDArray advLogits = null;
        float lossValue;
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            cleanLogits = network.logits(x);
            NDArray loss = CrossEntropy.perExample(cleanLogits, y).mean();
            if (adv != null && extraLoss.trades()) {
                advLogits = network.logits(adv);
                NDArray kl =
                        TradesAttack.klFrom(cleanLogits.logSoftmax(1))
                                .perExample(advLogits, y)
                                .mean();
                loss = loss.add(kl.mul(extraLoss.tradesBeta()));
            } else if (adv != null) {
                advLogits = network.logits(adv);
                NDArray advLoss = CrossEntropy.perExample(advLogits, y).mean();
                loss = loss.mul(1f - adversarialWeight).addi(advLoss.mul(adversarialWeight));
            }
            if (extraLoss.regularizer() != NoiseRegularizer.NONE
                    && extraLoss.regularizerWeight() > 0) {
                NDArray term = extraLoss.regularizer().value(network, x.getManager());
                loss = loss.add(term.mul(extraLoss.regularizerWeight()));
            }
            lossValue = loss.getFloat();
            if (!Float.isFinite(lossValue)) {
                throw nonFinite(epoch, batch, lossValue, x, adv, cleanLogits, advLogits);
            }
            collector.backward(loss);
        }
        optimizer.step(network.trainableParameters(), learningRate);
        network.setParameterGradients(false);
        return new Result(
                lossValue, correct(cleanLogits, y), advLogits == null ? -1 : correct(advLogits, y));
    }

    /**
     * One step outside a training run, for work with no checkpoint to restart from ({@code bench}'s
     * training workload, the memory soak): batch norms in training mode for the step, as in a
     * training run, and a step that meets the transient fault of docs/known-problems.md runs again
     * ({@link FaultRetry}), said to {@code log}. An error names the step epoch 1, batch 1.
     */
    public Result runAlone(
            NDArray x, NDArray y, float eps, float learningRate, Consumer<String> log) {
        network.setBatchNormTraining(true);
        try {
            return FaultRetry.run(
                    () -> run(x, y, eps, learningRate, 1, 1), FaultRetry.DEFAULT_RETRIES, log);
        } finally {
            network.setBatchNormTraining(false);
        }
    }

    /**
     * The step's adversarial examples of the batch, with parameter gradients off and the network's
     * noise as {@link #attackNoise} says (restored after).
     */
    NDArray adversarial(NDArray x, NDArray y, float eps) {
        network.setParameterGradients(false);
        NoiseMode trained = network.noiseMode();
        network.setNoiseMode(attackNoise);
        try {
            return extraLoss.trades()
                    ? TradesAttack.perturb(
                            network,
                            x,
                            y,
                            eps,
                            attackSettings.steps(),
                            attackSettings.stepSize(eps))
                    : attack.perturb(network, x, y, eps);
        } finally {
            network.setNoiseMode(trained);
        }
    }

    /**
     * The error for a non-finite loss: which arrays hold NaN or infinity, so that a rare failure
     * can be traced from its message alone, and whether the images and every parameter were finite
     * (the sign of a fault rather than of divergence), from one scan of the arrays.
     */
    private NonFiniteLossException nonFinite(
            int epoch,
            int batch,
            float loss,
            NDArray x,
            NDArray adv,
            NDArray cleanLogits,
            NDArray advLogits) {
        NDManager scope = x.getManager();
        StringBuilder where = new StringBuilder();
        appendIfNotFinite(where, "input", x, scope);
        boolean finiteInput = where.length() == 0;
        appendIfNotFinite(where, "adversarial input", adv, scope);
        appendIfNotFinite(where, "clean logits", cleanLogits, scope);
        appendIfNotFinite(where, "adversarial logits", advLogits, scope);
        int beforeParameters = where.length();
        for (var p : network.trainableParameters()) {
            appendIfNotFinite(where, "parameter " + p.getKey(), p.getValue().getArray(), scope);
        }
        boolean finiteWeights = where.length() == beforeParameters;
        String diagnosis =
                where.length() == 0 ? "no array holds NaN or infinity" : "not finite: " + where;
        return new NonFiniteLossException(
                epoch, batch, loss, diagnosis, finiteInput && finiteWeights);
    }

    private static void appendIfNotFinite(
            StringBuilder where, String name, NDArray array, NDManager scope) {
        if (array == null) {
            return;
        }
        NDArray view =
                DetachedView.of(
                        array, scope); // checks on parameters must not leave arrays in the model
        if (view.isNaN().logicalOr(view.isInfinite()).any().getBoolean()) {
            where.append(where.length() == 0 ? "" : ", ").append(name);
        }
    }

    private static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels).sum().getLong();
    }
}
