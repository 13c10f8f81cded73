/**
 * Architectures and the {@link dev.noiseshield.model.Network} that wraps one: built from a {@link
 * dev.noiseshield.model.ModelSpec}, with normalisation inside the model (inputs are images in
 * [0,1]), an explicit noise switch, and parameter save and load. A network is a {@link
 * dev.noiseshield.model.Classifier}, the only thing attacks and evaluation see.
 */
package dev.noiseshield.model;
