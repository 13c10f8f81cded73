/**
 * Training: PGD adversarial training (Madry et al.; PNI's {@code 0.5 CE(clean) + 0.5 CE(adv)}) or
 * plain training, SGD with Nesterov momentum and parameter groups, a step learning-rate schedule,
 * atomic per-epoch checkpoints and resume, and listeners for progress.
 */
package dev.noiseshield.train;
