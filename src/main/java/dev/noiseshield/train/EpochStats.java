package dev.noiseshield.train;

/**
 * What one epoch did, for progress lines, checkpoints and run.json.
 *
 * @param epoch 1-based epoch number
 * @param learningRate learning rate used
 * @param epsilon training epsilon at the end of the epoch (0 for plain training)
 * @param loss mean training loss
 * @param cleanAccuracy accuracy on the clean training batches (noise on)
 * @param adversarialAccuracy accuracy on the training adversarial examples (NaN for plain training)
 * @param imagesPerSecond training images processed per second
 * @param seconds wall time of the epoch
 * @param residentMegabytes resident memory of the process at the end of the epoch
 */
public record EpochStats(
        int epoch,
        float learningRate,
        float epsilon,
        double loss,
        double cleanAccuracy,
        double adversarialAccuracy,
        double imagesPerSecond,
        double seconds,
        long residentMegabytes) {}
