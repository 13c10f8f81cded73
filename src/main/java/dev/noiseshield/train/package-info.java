/**
 * Training: PGD adversarial training (Madry et al.; PNI's {@code 0.5 CE(clean) + 0.5 CE(adv)}),
 * TRADES, or plain training, with an optional loss term on the feature noise (WCA, MFDV), SGD with
 * Nesterov momentum and parameter groups, a step learning-rate schedule, atomic per-epoch
 * checkpoints and resume, and listeners for progress.
 */
package dev.noiseshield.train;
