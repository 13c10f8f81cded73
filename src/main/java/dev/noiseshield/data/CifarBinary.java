package dev.noiseshield.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The binary format of CIFAR-10 and CIFAR-100 ({@code data_batch_*.bin}, {@code test_batch.bin},
 * {@code train.bin}, {@code test.bin}): fixed-size records of label byte(s) followed by 3072 pixel
 * bytes, 1024 per channel (R, G, B) in row-major order, which is already the NCHW layout.
 */
public final class CifarBinary {
    private static final int PIXELS = 3 * 32 * 32;

    /**
     * Which file layout and which label to use, in the binary version and in the python version
     * (whose batches are dictionaries, the label under {@link #pythonLabelKey}).
     */
    public enum Variant {
        /** 1 label byte, 10 classes. */
        CIFAR10(1, 0, 10, "labels"),
        /** 2 label bytes (coarse, fine); the fine label, 100 classes. */
        CIFAR100_FINE(2, 1, 100, "fine_labels"),
        /** 2 label bytes; the coarse label, 20 superclasses. */
        CIFAR100_COARSE(2, 0, 20, "coarse_labels");

        final int labelBytes;
        final int labelOffset;
        final int numClasses;
        final String pythonLabelKey;

        Variant(int labelBytes, int labelOffset, int numClasses, String pythonLabelKey) {
            this.labelBytes = labelBytes;
            this.labelOffset = labelOffset;
            this.numClasses = numClasses;
            this.pythonLabelKey = pythonLabelKey;
        }

        int recordSize() {
            return labelBytes + PIXELS;
        }
    }

    private CifarBinary() {}

    /** Reads and concatenates the files in order. */
    public static ImageDataset read(String name, List<Path> files, Variant variant)
            throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        java.util.List<Integer> labels = new java.util.ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file.toString(), "no such file");
            }
            byte[] bytes = Files.readAllBytes(file);
            int record = variant.recordSize();
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DataFormatException(
                        file.toString(),
                        "size "
                                + bytes.length
                                + " is not a whole number of "
                                + record
                                + "-byte "
                                + variant
                                + " records (truncated, or the wrong variant)");
            }
            for (int off = 0; off < bytes.length; off += record) {
                int label = bytes[off + variant.labelOffset] & 0xFF;
                if (label >= variant.numClasses) {
                    throw new DataFormatException(
                            file.toString(),
                            "record "
                                    + (off / record)
                                    + " has label "
                                    + label
                                    + ", outside 0.."
                                    + (variant.numClasses - 1));
                }
                labels.add(label);
                pixels.write(bytes, off + variant.labelBytes, PIXELS);
            }
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(name, pixels.toByteArray(), y, 3, 32, 32, variant.numClasses);
    }
}
