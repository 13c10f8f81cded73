/**
 * Models out of the tool and back: {@link dev.noiseshield.export.ModelExport} writes a checkpoint
 * as {@code model.safetensors} ({@link dev.noiseshield.export.Safetensors}, tensors named by {@link
 * dev.noiseshield.export.TensorNames}) and {@code model.json} ({@link
 * dev.noiseshield.export.ModelDescription}); {@link dev.noiseshield.export.ModelImport} rebuilds
 * the network from them. {@code python/noiseshield_torch.py} reads the same two files in PyTorch;
 * the format is documented in docs/export.md.
 */
package dev.noiseshield.export;
