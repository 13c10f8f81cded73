/**
 * Robustness evaluation: clean and adversarial accuracy over a test set, single pass or an ensemble
 * of noise draws, repeated over seeds for a mean and a standard deviation, and the report files.
 */
package dev.noiseshield.eval;
