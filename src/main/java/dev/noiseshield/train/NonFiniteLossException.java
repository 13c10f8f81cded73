package dev.noiseshield.train;

/**
 * The training loss became NaN or infinite. Raised before the update, so the parameters are those
 * of the previous step and the last checkpoint is intact.
 */
public class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(int epoch, int batch, float loss, String diagnosis) {
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
                        + " with --resume (demo and compare resume once by themselves, and again"
                        + " when run again); if the loss diverges again, lower the learning rate or"
                        + " check the data.");
    }
}
