/**
 * Defenses: what a defense changes in a model (its noise layers) and in training (adversarial or
 * not). A defense is chosen by name with {@code --defense}.
 */
package dev.noiseshield.defense;
