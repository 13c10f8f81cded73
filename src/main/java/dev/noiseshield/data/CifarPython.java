package dev.noiseshield.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * The CIFAR "python version" ({@code cifar-10-batches-py/data_batch_1..5, test_batch}, {@code
 * cifar-100-python/train, test}), the form torchvision downloads: each file a pickled dict with
 * {@code data}, a uint8 numpy array (N, 3072) in the same R, G, B planes as the binary format, and
 * {@code labels} (CIFAR-10) or {@code fine_labels} (CIFAR-100), lists of ints. Read with Pyrolite,
 * whose numpy support we add: an array is pickled as {@code numpy.core.multiarray._reconstruct}
 * followed by a state of (version, shape, dtype, fortran order, raw bytes). Only uint8 C-order
 * arrays are accepted; anything else is refused by name.
 */
public final class CifarPython {
    private static final int PIXELS = 3 * 32 * 32;

    static {
        for (String module : List.of("numpy.core.multiarray", "numpy._core.multiarray")) {
            Unpickler.registerConstructor(module, "_reconstruct", args -> new NumpyArray());
        }
        Unpickler.registerConstructor("numpy", "dtype", NumpyDtype::new);
        Unpickler.registerConstructor("numpy", "ndarray", args -> new NumpyArray());
        // protocol 2 from Python 3 pickles bytes as _codecs.encode(str, 'latin1')
        Unpickler.registerConstructor("_codecs", "encode", CifarPython::latin1);
    }

    private CifarPython() {}

    /**
     * Reads and concatenates the files in order.
     *
     * @param labelKey {@code labels} (CIFAR-10), {@code fine_labels} or {@code coarse_labels}
     */
    public static ImageDataset read(String name, List<Path> files, String labelKey, int classes)
            throws IOException {
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file.toString(), "no such file");
            }
            Map<String, Object> batch = unpickle(file);
            byte[] data = array(file, batch.get("data"));
            Object labelList = batch.get(labelKey);
            if (!(labelList instanceof List<?> list)) {
                throw new DataFormatException(
                        file.toString(),
                        "has no list '" + labelKey + "' (keys: " + batch.keySet() + ")");
            }
            if ((long) list.size() * PIXELS != data.length) {
                throw new DataFormatException(
                        file.toString(),
                        list.size() + " labels for " + data.length / PIXELS + " images");
            }
            for (Object label : list) {
                if (!(label instanceof Integer || label instanceof Long)) {
                    throw new DataFormatException(
                            file.toString(), "label " + label + " is not an integer");
                }
                int y = ((Number) label).intValue();
                if (y < 0 || y >= classes) {
                    throw new DataFormatException(
                            file.toString(), "label " + y + " outside 0.." + (classes - 1));
                }
                labels.add(y);
            }
            pixels.write(data, 0, data.length);
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(name, pixels.toByteArray(), y, 3, 32, 32, classes);
    }

    private static Map<String, Object> unpickle(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Object loaded;
        try {
            loaded = new Unpickler().loads(bytes);
        } catch (IOException // Pyrolite's word for a truncated pickle
                | RuntimeException e) {
            // Pyrolite meets a malformed pickle with whatever its parsing throws (PickleException,
            // NumberFormatException, ClassCastException, ...): the file is at fault, not the tool
            throw new DataFormatException(
                    file.toString(), "not a CIFAR python batch (" + e.getMessage() + ")");
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new DataFormatException(file.toString(), "holds no dict");
        }
        Map<String, Object> byName = new HashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            // Python 2 wrote the keys as str, Python 3 reads them as bytes
            Object key = e.getKey();
            byName.put(
                    key instanceof byte[] b
                            ? new String(b, StandardCharsets.ISO_8859_1)
                            : String.valueOf(key),
                    e.getValue());
        }
        return byName;
    }

    private static byte[] array(Path file, Object value) throws DataFormatException {
        if (!(value instanceof NumpyArray array) || array.data == null) {
            throw new DataFormatException(file.toString(), "its 'data' is not a numpy array");
        }
        if (!"u1".equals(array.dtype) || array.fortranOrder) {
            throw new DataFormatException(
                    file.toString(),
                    "its 'data' is "
                            + array.dtype
                            + (array.fortranOrder ? " in Fortran order" : "")
                            + "; uint8 in C order expected");
        }
        if (array.shape != null
                && (array.shape.length != 2
                        || !(array.shape[1] instanceof Number columns)
                        || columns.longValue() != PIXELS)) {
            throw new DataFormatException(
                    file.toString(),
                    "its 'data' has shape "
                            + java.util.Arrays.toString(array.shape)
                            + "; CIFAR's is (N, "
                            + PIXELS
                            + "), 3 x 32 x 32 values per image");
        }
        if (array.data.length % PIXELS != 0) {
            throw new DataFormatException(
                    file.toString(), array.data.length + " bytes are not whole 32x32x3 images");
        }
        return array.data;
    }

    private static Object latin1(Object[] args) {
        if (args.length == 0) {
            return new byte[0];
        }
        return ((String) args[0]).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Raw bytes as Pyrolite hands them: a Python 2 str becomes a String of chars 0..255. */
    private static byte[] bytesOf(Object raw) {
        if (raw instanceof byte[] b) {
            return b;
        }
        if (raw instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new PickleException("array data of type " + raw.getClass().getSimpleName());
    }

    /** A numpy array being unpickled; Pyrolite calls its {@code __setstate__} by reflection. */
    public static final class NumpyArray {
        String dtype;
        boolean fortranOrder;
        byte[] data;
        Object[] shape;

        /** Pyrolite's BUILD: (version, shape, dtype, is_fortran, raw data). */
        public void __setstate__(Object[] state) {
            if (state.length != 5 || !(state[2] instanceof NumpyDtype type)) {
                throw new PickleException("unexpected numpy array state of " + state.length);
            }
            dtype = type.code;
            shape = state[1] instanceof Object[] dims ? dims : null;
            fortranOrder = Boolean.TRUE.equals(state[3]);
            data = bytesOf(state[4]);
        }
    }

    /** A numpy dtype being unpickled: {@code dtype('u1', False, True)} then its state. */
    public static final class NumpyDtype {
        final String code;

        NumpyDtype(Object[] args) {
            this.code = args.length > 0 ? String.valueOf(args[0]) : "?";
        }

        /** The byte order and other details, which do not matter for one-byte values. */
        public void __setstate__(Object[] state) {
            // uint8 has no byte order; nothing to keep
        }
    }
}
