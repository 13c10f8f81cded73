/**
 * Robustness evaluation: clean and adversarial accuracy over a test set, single pass or an ensemble
 * of noise draws, repeated over seeds for a mean and a standard deviation; every example scored
 * with several draws under three rules, the worst case per example over all attacks, AutoAttack's
 * ensembles, sweeps, the automatic sanity checks, and the report files.
 */
package dev.noiseshield.eval;
