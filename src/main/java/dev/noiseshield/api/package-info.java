/**
 * The Java entry point: {@link dev.noiseshield.api.NoiseShield} trains a defense (a built-in one or
 * a plugin's) and evaluates a checkpoint or a TorchScript file, with the command line's defaults
 * and the typed report as result. The command line does the same through the same classes ({@link
 * dev.noiseshield.pipeline.TrainJob}, {@link dev.noiseshield.pipeline.EvalJob}, the configs'
 * builders).
 */
package dev.noiseshield.api;
