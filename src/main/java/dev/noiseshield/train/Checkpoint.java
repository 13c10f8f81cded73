package dev.noiseshield.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.data.Sha256Manifest;
import dev.noiseshield.model.ModelSpec;
import dev.noiseshield.model.Network;
import dev.noiseshield.run.AtomicFiles;
import dev.noiseshield.run.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A training checkpoint: what was trained how far ({@link State}), the network's parameters (with
 * batch-norm statistics and PNI scales) and the optimizer's momentum. Layout:
 *
 * <pre>
 * "NSCK" | int format | int n + n bytes JSON state | int n + n bytes parameters | int n + n bytes
 * optimizer state (NDList) | 32 bytes SHA-256 of everything before
 * </pre>
 *
 * The digest turns a truncated or corrupted file into a clear error instead of garbage weights.
 * Files are written atomically ({@link AtomicFiles}); an interrupted run leaves its previous
 * checkpoint.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "NSCK".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.nsck");

    private Checkpoint() {}

    /**
     * What a checkpoint says about its run.
     *
     * @param epochsDone completed epochs
     * @param dataset name of the data set trained on
     * @param defense name of the defense the network was trained with
     * @param model the network's structure
     * @param config the training settings
     * @param history statistics of every completed epoch
     */
    public record State(
            int epochsDone,
            String dataset,
            String defense,
            ModelSpec model,
            TrainConfig config,
            List<EpochStats> history) {
        public State {
            history = List.copyOf(history);
        }
    }

    /** The file of the checkpoint after {@code epoch} in a checkpoint folder. */
    public static Path fileFor(Path dir, int epoch) {
        return dir.resolve(String.format("epoch-%03d.nsck", epoch));
    }

    /** The last checkpoint of a run folder (in its checkpoints/), or an error naming the folder. */
    public static Path latestOf(Path run) throws IOException {
        return latest(run.resolve("checkpoints"))
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        run + "/checkpoints holds no checkpoint"));
    }

    /** The checkpoint of the highest epoch in the folder, if any. */
    public static Optional<Path> latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> EPOCH_FILE.matcher(p.getFileName().toString()).matches())
                    .max((a, b) -> Integer.compare(epochOf(a), epochOf(b)));
        }
    }

    private static int epochOf(Path file) {
        Matcher m = EPOCH_FILE.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    public static void save(Path file, State state, Network network, NesterovSgd optimizer)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            writeBlock(out, Json.MAPPER.writeValueAsBytes(state));
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            network.saveParameters(new DataOutputStream(params));
            writeBlock(out, params.toByteArray());
            writeBlock(out, optimizer == null ? new NDList().encode() : optimizer.state().encode());
        }
        byte[] bytes = body.toByteArray();
        byte[] digest = HexFormat.of().parseHex(Sha256Manifest.sha256(bytes));
        AtomicFiles.write(
                file,
                out -> {
                    out.write(bytes);
                    out.write(digest);
                });
    }

    /** The contents of a checkpoint file, checked against its digest. */
    public static final class Contents {
        public final State state;
        private final byte[] parameters;
        private final byte[] optimizer;
        private final String sha256;

        private Contents(State state, byte[] parameters, byte[] optimizer, String sha256) {
            this.state = state;
            this.parameters = parameters;
            this.optimizer = optimizer;
            this.sha256 = sha256;
        }

        /** The SHA-256 of the checkpoint's content, as the file carries it and read checked it. */
        public String sha256() {
            return sha256;
        }

        /**
         * Builds the network the checkpoint describes, with its parameters, in a sub-manager of
         * parent.
         */
        public Network network(NDManager parent, Path source) throws IOException {
            Network network = Network.create(state.model(), parent);
            try {
                network.loadParameters(new DataInputStream(new ByteArrayInputStream(parameters)));
            } catch (MalformedModelException | RuntimeException e) {
                network.close();
                throw new IOException(
                        source
                                + ": parameters do not fit the model the checkpoint describes ("
                                + e.getMessage()
                                + ")",
                        e);
            }
            return network;
        }

        public void restoreOptimizer(NesterovSgd target, NDManager scope) {
            try (NDManager temp = scope.newSubManager()) {
                target.restore(NDList.decode(temp, optimizer));
            }
        }
    }

    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 4 + 32
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(file + ": not a NoiseShield checkpoint (no NSCK header)");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        byte[] digest = Arrays.copyOfRange(all, all.length - 32, all.length);
        String sha256 = Sha256Manifest.sha256(body);
        if (!Arrays.equals(HexFormat.of().parseHex(sha256), digest)) {
            throw new IOException(
                    file + ": checkpoint is truncated or corrupt (SHA-256 does not match)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            in.skipNBytes(MAGIC.length);
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(
                        file
                                + ": checkpoint format "
                                + format
                                + " is not supported (expected "
                                + FORMAT
                                + ")");
            }
            State state;
            try {
                state = Json.MAPPER.readValue(readBlock(in), State.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(
                        file
                                + ": this version of NoiseShield cannot read the run description in"
                                + " this checkpoint (written by an older version?): "
                                + e.getOriginalMessage()
                                + "; train again into a new folder, or with --fresh",
                        e);
            }
            return new Contents(state, readBlock(in), readBlock(in), sha256);
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        int n = in.readInt();
        return in.readNBytes(n);
    }
}
