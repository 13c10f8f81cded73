/**
 * Adversarial attacks. An attack is {@code perturb(Classifier model, NDArray x, NDArray y, float
 * eps)}; a {@link dev.noiseshield.attack.Norm} owns the geometry (random start, steepest-ascent
 * step, projection), {@link dev.noiseshield.attack.Gradients} is the one gradient loop, and {@link
 * dev.noiseshield.attack.Eot} is a wrapper around the classifier, so that no attack is written
 * again per norm or per EOT setting. Every step works in a sub-manager that is closed before the
 * next one.
 */
package dev.noiseshield.attack;
