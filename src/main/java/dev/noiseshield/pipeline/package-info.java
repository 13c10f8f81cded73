/**
 * Whole jobs that the commands run: train a defended model into a run folder (fresh or resumed),
 * and evaluate a checkpoint into report files. Each writes run.json beside its results.
 */
package dev.noiseshield.pipeline;
