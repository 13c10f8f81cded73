/**
 * Adversarial attacks. An attack is {@code perturb(Classifier model, NDArray x, NDArray y, float
 * eps)}; a {@link dev.noiseshield.attack.Norm} owns the geometry (random start, steepest-ascent
 * step, projection), {@link dev.noiseshield.attack.Gradients} is the one gradient loop, and {@link
 * dev.noiseshield.attack.Eot} is a wrapper around the classifier, so that no attack is written
 * again per norm or per EOT setting. Every step works in a sub-manager that is closed before the
 * next one.
 *
 * <p>The attacks the command line names are kinds of a registry ({@link
 * dev.noiseshield.attack.AttackKinds}): an {@link dev.noiseshield.attack.AttackKind} describes one
 * (keys, defaults, norms, checks, factory, report name), an {@link
 * dev.noiseshield.attack.AttackSpec} holds one's settings, and plugin jars add kinds through {@link
 * dev.noiseshield.attack.AttackPlugin} and {@link java.util.ServiceLoader}, as the built-in ones in
 * {@code kinds} are added.
 */
package dev.noiseshield.attack;
