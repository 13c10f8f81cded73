package dev.noiseshield.attack;

/**
 * A pass gave an input gradient with NaN or infinite values although its loss was finite: every
 * attack step built on it would move the images by garbage, and the accuracies counted after it
 * would be wrong without a sign. Seen with TorchScript models under CPU load
 * (docs/known-problems.md, "NaN input gradients of TorchScript models"); the evaluation stops with
 * this line instead.
 */
public class NonFiniteGradientException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonFiniteGradientException(long notFinite, long values) {
        super(
                "the model's input gradient has "
                        + notFinite
                        + " of "
                        + values
                        + " values not finite although its loss is finite, so the attack would"
                        + " run on garbage (docs/known-problems.md, 'NaN input gradients of"
                        + " TorchScript models'); the finished batches are kept: run again with"
                        + " --resume");
    }
}
