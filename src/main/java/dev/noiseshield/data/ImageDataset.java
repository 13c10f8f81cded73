package dev.noiseshield.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Objects;

/**
 * Images of 8-bit pixels with integer labels, held compactly in memory (one byte a pixel, so that
 * CIFAR's 50,000 training images take 150 MB, not 600). Batches are made as float32 in [0,1].
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    public ImageDataset(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            int numClasses) {
        this.name = Objects.requireNonNull(name, "name");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + pixels.length
                            + " pixels for "
                            + labels.length
                            + " images of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width
                            + " (expected "
                            + expected
                            + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        name
                                + ": label "
                                + labels[i]
                                + " of image "
                                + i
                                + " is outside 0.."
                                + (numClasses - 1));
            }
        }
    }

    public String name() {
        return name;
    }

    /**
     * SHA-256 over the pixels and labels: the same images in the same order give the same digest.
     */
    public String sha256() {
        java.nio.ByteBuffer labelBytes =
                java.nio.ByteBuffer.allocate(labels.length * Integer.BYTES);
        labelBytes.asIntBuffer().put(labels);
        return Sha256Manifest.sha256(pixels, labelBytes.array()); // no copy of the pixels
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int numClasses() {
        return numClasses;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The first {@code count} images (all of them when count exceeds the size). */
    public ImageDataset head(int count) {
        return select(java.util.stream.IntStream.range(0, Math.min(count, size())).toArray());
    }

    /** The images at the given indices, in their order. */
    public ImageDataset select(int[] indices) {
        int per = channels * height * width;
        byte[] p = new byte[indices.length * per];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, p, i * per, per);
            l[i] = labels[indices[i]];
        }
        return new ImageDataset(name, p, l, channels, height, width, numClasses);
    }

    /**
     * Images at the given indices as float32 (n, C, H, W) in [0,1], created in the given manager.
     */
    public NDArray images(int[] indices, NDManager manager) {
        int per = channels * height * width;
        float[] out = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            int base = indices[i] * per;
            for (int j = 0; j < per; j++) {
                out[i * per + j] = (pixels[base + j] & 0xFF) / 255f;
            }
        }
        return OwnedArrays.of(manager, out, new Shape(indices.length, channels, height, width));
    }

    /**
     * A crop offset and a flip: output pixel (y, x) is input pixel (y + dy, x' + dx) where x' is x
     * or its mirror, and zero where that falls outside the image (the crop of a zero-padded image).
     */
    public record Shift(int dy, int dx, boolean flip) {}

    /**
     * Images at the given indices, each moved by its {@link Shift}, as float32 (n, C, H, W) in
     * [0,1], created in the given manager.
     */
    public NDArray images(int[] indices, Shift[] shifts, NDManager manager) {
        if (shifts.length != indices.length) {
            throw new IllegalArgumentException(
                    shifts.length + " shifts for " + indices.length + " images");
        }
        int plane = height * width;
        int per = channels * plane;
        float[] out = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            Shift s = shifts[i];
            for (int c = 0; c < channels; c++) {
                int from = indices[i] * per + c * plane;
                int to = i * per + c * plane;
                for (int y = 0; y < height; y++) {
                    int sy = y + s.dy();
                    if (sy < 0 || sy >= height) {
                        continue; // the padding: zeros
                    }
                    for (int x = 0; x < width; x++) {
                        int sx = (s.flip() ? width - 1 - x : x) + s.dx();
                        if (sx >= 0 && sx < width) {
                            out[to + y * width + x] =
                                    (pixels[from + sy * width + sx] & 0xFF) / 255f;
                        }
                    }
                }
            }
        }
        return OwnedArrays.of(manager, out, new Shape(indices.length, channels, height, width));
    }

    /** Labels at the given indices as int64 (n), created in the given manager. */
    public NDArray labels(int[] indices, NDManager manager) {
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return OwnedArrays.of(manager, out);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
