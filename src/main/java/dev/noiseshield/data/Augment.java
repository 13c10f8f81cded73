package dev.noiseshield.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.run.CliName;
import java.util.Random;

/**
 * Training augmentation. {@link #STANDARD} is what the PNI, CNI, RSE, WCA and MFDV papers train
 * CIFAR with: a random 32x32 crop of the image padded by 4 pixels of zeros on every side, and a
 * horizontal flip with probability one half. It is drawn per image and applied while a batch's
 * floats are written, so the data set itself is never copied.
 */
public enum Augment implements CliName {
    /** The images as they are. */
    NONE,
    /** Random crop from the image padded by {@link #PAD} pixels, random horizontal flip. */
    STANDARD;

    /** Padding of the random crop, in pixels. */
    public static final int PAD = 4;

    public static Augment fromCliName(String name) {
        return CliName.lookup(Augment.class, "augmentation", name);
    }

    /** The augmentation a data set trains with unless told otherwise: standard for CIFAR. */
    public static Augment defaultFor(String dataset) {
        return dataset.startsWith("cifar") ? STANDARD : NONE;
    }

    /**
     * The images at {@code indices}, augmented with draws from {@code random} (one shift pair and
     * one flip per image, in order), as float32 (n, C, H, W) in [0,1].
     */
    public NDArray batch(ImageDataset data, int[] indices, Random random, NDManager manager) {
        if (this == NONE) {
            return data.images(indices, manager);
        }
        ImageDataset.Shift[] shifts = new ImageDataset.Shift[indices.length];
        for (int i = 0; i < shifts.length; i++) {
            int dy = random.nextInt(2 * PAD + 1) - PAD;
            int dx = random.nextInt(2 * PAD + 1) - PAD;
            shifts[i] = new ImageDataset.Shift(dy, dx, random.nextBoolean());
        }
        return data.images(indices, shifts, manager);
    }
}
