package dev.noiseshield.model;

import dev.noiseshield.nn.NoiseMode;
import java.util.Map;

/**
 * A model that the evaluator can run every attack, check and report on: a {@link Network} of the
 * tool, or a {@link TorchScriptModel} trained elsewhere.
 */
public interface EvaluatedModel extends Classifier, AutoCloseable {
    /** How reports name the model's architecture. */
    String architecture();

    /**
     * True when the model has noise that {@link #setNoiseMode} can switch (or, if it cannot,
     * draws).
     */
    boolean hasNoise();

    NoiseMode noiseMode();

    /**
     * Draws noise or not; a model whose noise cannot be switched refuses {@link NoiseMode#OFF} with
     * an {@link IllegalArgumentException} that says so.
     */
    void setNoiseMode(NoiseMode mode);

    /**
     * Inference settings for attacks: running batch-norm statistics, no gradients of the model's
     * own parameters (attacks need the input's only).
     */
    void prepareForAttacks();

    /** The learned noise scales by layer, for the report; empty when the model has none to show. */
    Map<String, float[]> noiseScales();

    /** Frees the model's native memory. */
    @Override
    void close();
}
