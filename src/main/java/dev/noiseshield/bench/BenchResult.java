package dev.noiseshield.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One workload's figures; in JSON with the reference script's names ({@code images_per_s}, ...).
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
        @JsonProperty("median_s") double medianSeconds,
        @JsonProperty("min_s") double minSeconds,
        @JsonProperty("max_s") double maxSeconds,
        @JsonProperty("images_per_s") double imagesPerSecond,
        double gflops,
        @JsonProperty("fraction_of_peak") double fractionOfPeak,
        @JsonProperty("peak_rss_mb") long peakResidentMegabytes,
        @JsonProperty("reference_images_per_s") double referenceImagesPerSecond,
        double ratio) {

    /** The same figures against a peak that is 1/factor times the one they were computed with. */
    public BenchResult rescalePeak(double factor) {
        return with(fractionOfPeak * factor, referenceImagesPerSecond);
    }

    public BenchResult withReference(double referenceImagesPerSecond) {
        return with(fractionOfPeak, referenceImagesPerSecond);
    }

    /** These timings against another peak and reference; the ratio follows the reference. */
    private BenchResult with(double peakFraction, double referencePerSecond) {
        return new BenchResult(
                workload,
                batch,
                medianSeconds,
                minSeconds,
                maxSeconds,
                imagesPerSecond,
                gflops,
                peakFraction,
                peakResidentMegabytes,
                referencePerSecond,
                imagesPerSecond / referencePerSecond);
    }
}
