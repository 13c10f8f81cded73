package dev.noiseshield.train;

/** Running sums of one epoch, turned into {@link EpochStats} on demand. */
final class EpochMeter {
    private final int epoch;
    private final float learningRate;
    private final boolean adversarial;
    private final long startNanos = System.nanoTime();
    private long seen;
    private double lossSum;
    private long cleanCorrect;
    private long advCorrect;
    private long advSeen;

    EpochMeter(int epoch, float learningRate, boolean adversarial) {
        this.epoch = epoch;
        this.learningRate = learningRate;
        this.adversarial = adversarial;
    }

    /** Adds a batch; {@code advCorrectInBatch} is -1 when the batch had no adversarial examples. */
    void add(int batchSize, float batchLoss, long cleanCorrectInBatch, long advCorrectInBatch) {
        seen += batchSize;
        lossSum += (double) batchLoss * batchSize;
        cleanCorrect += cleanCorrectInBatch;
        if (advCorrectInBatch >= 0) {
            advCorrect += advCorrectInBatch;
            advSeen += batchSize;
        }
    }

    EpochStats snapshot(float epsilon, long residentMegabytes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double n = Math.max(1, seen);
        return new EpochStats(
                epoch,
                learningRate,
                epsilon,
                lossSum / n,
                cleanCorrect / n,
                adversarial && advSeen > 0 ? advCorrect / (double) advSeen : Double.NaN,
                seen / Math.max(1e-9, seconds),
                seconds,
                residentMegabytes);
    }
}
