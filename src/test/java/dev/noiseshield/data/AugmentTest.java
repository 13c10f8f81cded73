package dev.noiseshield.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The standard CIFAR augmentation: crop of the zero-padded image, then a horizontal flip. */
class AugmentTest {
    /** One image, 2 channels of 5x5, pixel value = 10 * row + column + 1 (+ 100 on channel 1). */
    private static ImageDataset grid() {
        byte[] pixels = new byte[2 * 25];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    pixels[c * 25 + y * 5 + x] = (byte) (100 * c + 10 * y + x + 1);
                }
            }
        }
        return new ImageDataset("grid", pixels, new int[] {0}, 2, 5, 5, 1);
    }

    private static float pixel(int c, int y, int x) {
        return (y < 0 || y >= 5 || x < 0 || x >= 5) ? 0f : (100 * c + 10 * y + x + 1) / 255f;
    }

    @Test
    void aShiftIsACropOfTheZeroPaddedImageAndAFlipMirrorsTheCrop() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ImageDataset.Shift s :
                    new ImageDataset.Shift[] {
                        new ImageDataset.Shift(0, 0, false),
                        new ImageDataset.Shift(1, -2, false),
                        new ImageDataset.Shift(-3, 4, true),
                        new ImageDataset.Shift(2, 1, true)
                    }) {
                float[] got =
                        grid().images(new int[] {0}, new ImageDataset.Shift[] {s}, m)
                                .toFloatArray();
                for (int c = 0; c < 2; c++) {
                    for (int y = 0; y < 5; y++) {
                        for (int x = 0; x < 5; x++) {
                            int source = s.flip() ? 4 - x : x;
                            assertEquals(
                                    pixel(c, y + s.dy(), source + s.dx()),
                                    got[c * 25 + y * 5 + x],
                                    s + " at " + c + "," + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void noneIsTheImagesAsTheyAre() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(
                    grid().images(new int[] {0}, m).toFloatArray(),
                    Augment.NONE.batch(grid(), new int[] {0}, new Random(1), m).toFloatArray());
        }
    }

    @Test
    void standardDrawsEveryOffsetInPlusMinusFourAndBothFlipsEvenlyAndRepeatsWithItsSeed() {
        // a 32x32 image with a bright pixel at (16, 16) and a dimmer one right of it: where they
        // land gives the offset, and their order the flip
        byte[] pixels = new byte[32 * 32];
        pixels[16 * 32 + 16] = (byte) 255;
        pixels[16 * 32 + 17] = (byte) 128;
        ImageDataset dot = new ImageDataset("dot", pixels, new int[] {0}, 1, 32, 32, 1);
        int[] indices = new int[4000];
        int[][] counts = new int[9][9];
        int flipped = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] batch = Augment.STANDARD.batch(dot, indices, new Random(7), m).toFloatArray();
            float[] again = Augment.STANDARD.batch(dot, indices, new Random(7), m).toFloatArray();
            assertArrayEquals(batch, again);
            for (int i = 0; i < indices.length; i++) {
                int bright = -1;
                int dim = -1;
                for (int j = 0; j < 32 * 32; j++) {
                    float v = batch[i * 1024 + j];
                    bright = v > 0.9f ? j : bright;
                    dim = v > 0.4f && v < 0.6f ? j : dim;
                }
                int y = bright / 32;
                int x = bright % 32;
                int dy = 16 - y; // out(y) = in(y + dy)
                boolean flip = dim < bright; // mirrored, the dimmer pixel is on the left
                int dx = flip ? x - 15 : 16 - x; // out(x) = in(31 - x + dx) or in(x + dx)
                flipped += flip ? 1 : 0;
                assertTrue(Math.abs(dy) <= 4 && Math.abs(dx) <= 4, "offset " + dy + "," + dx);
                counts[dy + 4][dx + 4]++;
            }
        }
        // 81 offsets of 4000 draws: about 49 each; every one occurs, none is far off
        for (int[] row : counts) {
            for (int c : row) {
                assertTrue(c > 20 && c < 85, "count " + c);
            }
        }
        assertTrue(Math.abs(flipped - 2000) < 150, "flipped " + flipped); // 4.7 sigma
    }
}
