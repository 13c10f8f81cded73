/**
 * Defenses: what a defense changes in a model (its noise layers), in training (adversarial or not)
 * and in the loss (TRADES, the WCA and MFDV terms), with each paper's settings as presets. A
 * defense is chosen by name with {@code --defense}; {@link dev.noiseshield.defense.DefenseOptions}
 * changes the presets.
 */
package dev.noiseshield.defense;
