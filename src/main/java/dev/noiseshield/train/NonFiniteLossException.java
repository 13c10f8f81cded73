package dev.noiseshield.train;

/**
 * The training loss became NaN or infinite. Raised before the update, so the parameters are those
 * of the previous step and the last checkpoint is intact.
 */
public class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean fromFiniteWeightsAndInputs;

    /**
     * The loss of a batch (1-based epoch and batch), which arrays hold NaN or infinity, and whether
     * every parameter and every input image was finite: the sign of the rare fault of
     * docs/known-problems.md rather than of a model that diverges.
     */
    public NonFiniteLossException(
            int epoch,
            int batch,
            float loss,
            String diagnosis,
            boolean fromFiniteWeightsAndInputs) {
        super(
                "training loss is "
                        + loss
                        + " at epoch "
                        + epoch
                        + ", batch "
                        + batch
                        + " ("
                        + diagnosis
                        + "). Nothing was updated and the last checkpoint is intact: resume from it"
                        + " with --resume; if the loss diverges again, lower the learning rate or"
                        + " check the data.");
        this.fromFiniteWeightsAndInputs = fromFiniteWeightsAndInputs;
    }

    /** Whether every parameter and input was finite when the loss was not. */
    public boolean fromFiniteWeightsAndInputs() {
        return fromFiniteWeightsAndInputs;
    }
}
