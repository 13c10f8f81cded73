/**
 * Noise layers for stochastic defenses. Each layer follows DJL's own block anatomy ({@code
 * ai.djl.nn.core.Linear}) and has a static functional form, so that a test or another layer can
 * apply the same noise without the block. Whether noise is drawn is decided by an explicit {@link
 * dev.noiseshield.nn.NoiseMode}, never by DJL's {@code training} flag: a defense that acts at test
 * time must stay on inside attacks and evaluation.
 */
package dev.noiseshield.nn;
