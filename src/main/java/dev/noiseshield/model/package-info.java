/**
 * Architectures and the {@link dev.noiseshield.model.Network} that wraps one: built from a {@link
 * dev.noiseshield.model.ModelSpec}, with normalisation inside the model (inputs are images in
 * [0,1]), an explicit noise switch, and parameter save and load. A network is a {@link
 * dev.noiseshield.model.Classifier}, the only thing attacks and evaluation see; so is an {@link
 * dev.noiseshield.model.Ensemble} of noise draws. {@link dev.noiseshield.model.NoiseSpec} says
 * where a defense's noise goes, and the package-private LayerFactory puts it there.
 */
package dev.noiseshield.model;
