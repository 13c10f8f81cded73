package dev.noiseshield.bench;

/**
 * One workload's figures.
 *
 * @param workload name, as in the reference script
 * @param batch images per call
 * @param medianSeconds median wall time of one call over the repeats
 * @param minSeconds fastest repeat
 * @param maxSeconds slowest repeat
 * @param imagesPerSecond batch / median
 * @param gflops achieved GFLOP/s (see {@link Workload} for the FLOP convention)
 * @param fractionOfPeak gflops / the measured matrix-multiply peak
 * @param peakResidentMegabytes the process's peak resident memory so far
 * @param referenceImagesPerSecond the PyTorch reference's images/s in the same run (NaN without it)
 * @param ratio imagesPerSecond / referenceImagesPerSecond (NaN without it)
 */
public record BenchResult(
        String workload,
        int batch,
        double medianSeconds,
        double minSeconds,
        double maxSeconds,
        double imagesPerSecond,
        double gflops,
        double fractionOfPeak,
        long peakResidentMegabytes,
        double referenceImagesPerSecond,
        double ratio) {

    public BenchResult withReference(double referenceImagesPerSecond) {
        return new BenchResult(workload, batch, medianSeconds, minSeconds, maxSeconds, imagesPerSecond, gflops,
                fractionOfPeak, peakResidentMegabytes, referenceImagesPerSecond,
                imagesPerSecond / referenceImagesPerSecond);
    }
}
