/**
 * The throughput benchmark: the workloads of {@code ../shared/anchors/pytorch_reference.py} on a
 * PNI-W ResNet-20 with random CIFAR-shaped data, timed after warm-up, with achieved GFLOP/s against
 * the machine's measured matrix-multiply peak, peak resident memory, and the PyTorch reference's
 * figures from the same run beside them.
 */
package dev.noiseshield.bench;
