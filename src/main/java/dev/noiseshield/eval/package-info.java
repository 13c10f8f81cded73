/**
 * The evaluation engine: clean and adversarial accuracy over a test set, single pass or an ensemble
 * of noise draws, repeated over seeds for a mean and a standard deviation; every example scored
 * with several draws under three rules, the worst case per example over all attacks, AutoAttack's
 * ensembles as cascades, sweeps, the automatic sanity checks; the plan of (repeat, shard) tasks,
 * their runs and journal. What it finds is a {@link dev.noiseshield.report.RobustnessReport}; the
 * report files are written by {@link dev.noiseshield.report}.
 */
package dev.noiseshield.eval;
