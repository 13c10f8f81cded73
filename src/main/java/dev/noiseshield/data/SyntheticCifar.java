package dev.noiseshield.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Made-up images in the CIFAR binary format, for checking that a pipeline runs (tests, {@code
 * scripts/gpu-check} on a machine that cannot download CIFAR), never for numbers about CIFAR. Each
 * class has its own colour and stripe direction under pixel noise, so that a network learns them
 * within an epoch and a run that learns nothing shows.
 */
public final class SyntheticCifar {
    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    private SyntheticCifar() {}

    /**
     * Writes {@code train} and {@code test} images of {@code dataset} (cifar10: five training
     * batches and a test batch; cifar100: train.bin and test.bin) into {@code out}.
     */
    public static void write(String dataset, Path out, int train, int test, long seed)
            throws IOException {
        boolean hundred = "cifar100".equals(dataset);
        if (!hundred && !"cifar10".equals(dataset)) {
            throw new IllegalArgumentException(
                    "synthetic data exists for cifar10 and cifar100, not '" + dataset + "'");
        }
        Random random = new Random(seed);
        Files.createDirectories(out);
        if (hundred) {
            write(out.resolve("train.bin"), records(train, 100, 2, random));
            write(out.resolve("test.bin"), records(test, 100, 2, random));
            return;
        }
        for (int b = 0; b < 5; b++) { // the training images spread over five batches
            int size = train / 5 + (b < train % 5 ? 1 : 0);
            write(out.resolve("data_batch_" + (b + 1) + ".bin"), records(size, 10, 1, random));
        }
        write(out.resolve("test_batch.bin"), records(test, 10, 1, random));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        dev.noiseshield.run.AtomicFiles.write(file, o -> o.write(bytes));
    }

    /** Records of label byte(s) then 3072 pixel bytes; classes cycle so every one occurs. */
    private static byte[] records(int count, int classes, int labelBytes, Random random) {
        if (count < 1) {
            throw new IllegalArgumentException("each file needs at least one image");
        }
        int record = labelBytes + PIXELS;
        byte[] bytes = new byte[count * record];
        for (int i = 0; i < count; i++) {
            int label = (i + random.nextInt(classes)) % classes;
            int at = i * record;
            bytes[at + labelBytes - 1] = (byte) label; // fine label last; coarse = fine / 5
            if (labelBytes == 2) {
                bytes[at] = (byte) (label / 5);
            }
            image(label, random, bytes, at + labelBytes);
        }
        return bytes;
    }

    private static void image(int label, Random random, byte[] out, int at) {
        double angle = Math.PI * (label % 10) / 10;
        for (int c = 0; c < 3; c++) {
            double base = 60 + 135 * (((label / (c + 1)) + c) % 3) / 2.0;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double stripe = 50 * Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) / 2);
                    double v = base + stripe + random.nextGaussian() * 20;
                    out[at + c * SIDE * SIDE + y * SIDE + x] =
                            (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
    }
}
