package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;

/**
 * An input gradient and the loss it belongs to, both averaged over the classifier's noise draws.
 *
 * @param gradient d(sum of per-example losses)/dx, the shape of x
 * @param loss per-example loss (N), detached
 */
public record LossGradient(NDArray gradient, NDArray loss) {}
