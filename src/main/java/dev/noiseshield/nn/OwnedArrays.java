package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Arrays made from Java data whose memory belongs to PyTorch. Use these instead of {@code
 * manager.create(float[] ...)} everywhere.
 *
 * <p>Why: DJL's PyTorch engine wraps the data of {@code create} in a direct {@code ByteBuffer} and
 * hands its address to {@code torch::from_blob}. Only the returned Java array keeps the buffer
 * alive. A view of that tensor (reshape, transpose, {@code stopGradient}, a tensor autograd saved
 * for the backward pass) shares the memory without keeping the buffer, so once the creating array
 * is closed and the collector frees the buffer, the view reads freed memory. The buffer's memory is
 * returned only when a garbage collection runs, which also leaves per-step native allocations alive
 * for many steps: mixed with PyTorch's own short-lived blocks, that fragmented glibc's arenas until
 * a 5,000-query Square attack grew by 200 MB a second (README, "Launcher settings").
 *
 * <p>Here the data goes through one reusable staging buffer per thread and is cloned into a tensor
 * that PyTorch allocates, reference-counts and frees: views keep it alive, and closing it frees it
 * at once. Larger arrays are filled chunk by chunk into a tensor PyTorch allocated, so that the
 * staging buffer stays bounded.
 */
public final class OwnedArrays {
    /** The staging buffer's size; arrays up to this many bytes take one clone. */
    static final int STAGING_BYTES = 4 << 20;

    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(
                    () -> ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.nativeOrder()));

    private OwnedArrays() {}

    /** Writes elements [from, from + count) of the source into the buffer at its position. */
    private interface Source {
        void put(ByteBuffer target, int from, int count);
    }

    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return copy(
                manager,
                shape,
                DataType.FLOAT32,
                data.length,
                (b, from, count) -> b.asFloatBuffer().put(data, from, count));
    }

    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    public static NDArray of(NDManager manager, int[] data) {
        Source ints = (b, from, count) -> b.asIntBuffer().put(data, from, count);
        return vector(manager, DataType.INT32, data.length, ints);
    }

    public static NDArray of(NDManager manager, long[] data) {
        Source longs = (b, from, count) -> b.asLongBuffer().put(data, from, count);
        return vector(manager, DataType.INT64, data.length, longs);
    }

    public static NDArray of(NDManager manager, boolean[] data) {
        return vector(
                manager,
                DataType.BOOLEAN,
                data.length,
                (b, from, count) -> {
                    for (int i = 0; i < count; i++) {
                        b.put(i, (byte) (data[from + i] ? 1 : 0));
                    }
                });
    }

    private static NDArray vector(NDManager manager, DataType type, int length, Source source) {
        return copy(manager, new Shape(length), type, length, source);
    }

    private static NDArray copy(
            NDManager manager, Shape shape, DataType type, int length, Source source) {
        if (shape.size() != length) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " elements, data has " + length);
        }
        int width = type.getNumOfBytes();
        int perChunk = STAGING_BYTES / width;
        if (length <= perChunk) {
            try (NDArray borrowed = stage(manager, source, 0, length, shape, type)) {
                return borrowed.duplicate();
            }
        }
        NDArray flat = manager.create(new Shape(length), type);
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            try (NDArray part = stage(manager, source, from, count, new Shape(count), type)) {
                flat.set(new NDIndex("{}:{}", from, from + count), part);
            }
        }
        NDArray shaped = flat.reshape(shape); // a view: PyTorch's reference count keeps the memory
        flat.close();
        return shaped;
    }

    /** An array over this thread's staging buffer: valid only until the next staging call. */
    private static NDArray stage(
            NDManager manager, Source source, int from, int count, Shape shape, DataType type) {
        ByteBuffer staging = STAGING.get();
        staging.clear();
        source.put(staging, from, count);
        staging.limit(count * type.getNumOfBytes());
        return manager.create(staging, shape, type);
    }
}
