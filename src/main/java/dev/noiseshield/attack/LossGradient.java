package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;

/**
 * An input gradient, the loss it belongs to, and how often the passes that computed it classified
 * each example correctly, all averaged over the classifier's noise draws.
 *
 * @param gradient d(sum of per-example losses)/dx, the shape of x
 * @param loss per-example loss (N), detached
 * @param correct per example (N), the fraction of the passes' draws whose prediction is the label:
 *     1 or 0 on a deterministic model, what APGD keeps its misclassified iterates by
 */
public record LossGradient(NDArray gradient, NDArray loss, NDArray correct) {}
