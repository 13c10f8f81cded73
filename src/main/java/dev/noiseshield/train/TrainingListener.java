package dev.noiseshield.train;

/** Told about progress by the trainer; the command line prints it, tests may record it. */
public interface TrainingListener {
    /**
     * After every step.
     *
     * @param epoch 1-based
     * @param batch 1-based batch number within the epoch
     * @param batches batches per epoch
     * @param running the epoch's statistics so far
     */
    default void onBatch(int epoch, int batch, int batches, EpochStats running) {}

    /** After every epoch, once its checkpoint is written. */
    default void onEpoch(EpochStats stats) {}

    TrainingListener NONE = new TrainingListener() {};
}
