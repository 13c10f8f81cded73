package dev.noiseshield.data;

import java.io.IOException;
import java.io.InputStream;

/** An image data set from a pair of IDX files (images N x H x W, labels N), as MNIST ships. */
public final class IdxImages {
    private IdxImages() {}

    public static ImageDataset read(
            String name,
            InputStream images,
            String imagesSource,
            InputStream labels,
            String labelsSource,
            int numClasses)
            throws IOException {
        Idx.Tensor x = Idx.read(images, imagesSource);
        Idx.Tensor y = Idx.read(labels, labelsSource);
        if (x.dims().length != 3) {
            throw new DataFormatException(
                    imagesSource,
                    "expected images of rank 3 (N, H, W), got rank " + x.dims().length);
        }
        if (y.dims().length != 1) {
            throw new DataFormatException(
                    labelsSource, "expected labels of rank 1 (N), got rank " + y.dims().length);
        }
        if (x.dims()[0] != y.dims()[0]) {
            throw new DataFormatException(
                    labelsSource,
                    "has "
                            + y.dims()[0]
                            + " labels but "
                            + imagesSource
                            + " has "
                            + x.dims()[0]
                            + " images");
        }
        int[] labelValues = new int[y.dims()[0]];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = y.data()[i] & 0xFF;
            if (labelValues[i] >= numClasses) {
                throw new DataFormatException(
                        labelsSource,
                        "label "
                                + labelValues[i]
                                + " at index "
                                + i
                                + " is not a class (0.."
                                + (numClasses - 1)
                                + ")");
            }
        }
        return new ImageDataset(
                name, x.data(), labelValues, 1, x.dims()[1], x.dims()[2], numClasses);
    }

    public static ImageDataset read(
            String name, java.nio.file.Path images, java.nio.file.Path labels, int numClasses)
            throws IOException {
        try (InputStream xi = java.nio.file.Files.newInputStream(images);
                InputStream yi = java.nio.file.Files.newInputStream(labels)) {
            return read(name, xi, images.toString(), yi, labels.toString(), numClasses);
        }
    }
}
