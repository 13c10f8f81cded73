package dev.noiseshield.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.noiseshield.nn.ChannelsLast;
import dev.noiseshield.nn.NoiseMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model trained in PyTorch and saved as TorchScript ({@code torch.jit.trace} or {@code
 * torch.jit.script}, then {@code torch.jit.save}): images (N, C, H, W) in [0, 1] in, logits (N,
 * classes) out, randomness inside {@code forward} allowed. Every attack of the tool runs on it,
 * with input gradients through the module.
 *
 * <p>Whether it is stochastic is measured when it is opened (two forward passes of the same images
 * differ), not assumed. Its noise, if any, is its own: it cannot be switched off from outside.
 *
 * <p>How it runs in DJL's PyTorch engine: loaded with trainable parameters ({@code trainParam}),
 * since DJL otherwise loads under inference mode, whose tensors autograd refuses to record; put in
 * eval mode (running batch-norm statistics, no dropout) once, and then called through {@code
 * IValueUtils.forward(block, inputs, true)}, which runs outside inference mode so that the input's
 * gradient is recorded, without DJL's switch of the module to training mode that {@code
 * forward(..., training = true)} would make. Its own parameters are frozen: attacks need no
 * gradient of them.
 */
public final class TorchScriptModel implements EvaluatedModel, AutoCloseable {
    private final Path file;
    private final Model model;
    private final PtSymbolBlock block;
    private final int classes;
    private boolean stochastic;
    private boolean channelsLast;

    private TorchScriptModel(Path file, Model model, PtSymbolBlock block, int classes) {
        this.file = file;
        this.model = model;
        this.block = block;
        this.classes = classes;
    }

    /**
     * Opens a TorchScript file for images of {@code probe}'s shape and {@code classes} classes;
     * checks on {@code probe} that the module gives (N, classes) logits and measures whether it is
     * stochastic.
     *
     * @throws IOException if the file is not TorchScript or its output does not fit, with its name
     */
    public static TorchScriptModel open(Path file, NDArray probe, int classes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        TorchScriptProbe.check(
                file); // a damaged file can abort the engine: read it elsewhere first
        // on the probe's device: the one --device chose, where the attack's arrays are made
        Model model =
                Model.newInstance(file.getFileName().toString(), probe.getDevice(), "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (MalformedModelException | EngineException | IOException e) {
            model.close();
            throw new IOException(notTorchScript(file, firstLine(e.getMessage())), e);
        }
        PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
        JniUtils.enableInferenceMode(block); // module.eval(): running statistics, no dropout
        block.freezeParameters(true);
        TorchScriptModel opened = new TorchScriptModel(file, model, block, classes);
        try {
            opened.measure(probe);
        } catch (RuntimeException e) {
            opened.close();
            throw new IOException(file + ": " + firstLine(e.getMessage()), e);
        }
        return opened;
    }

    /**
     * Measures on the probe what the module is: stochastic when two passes on the same images
     * differ; fed channels-last images when it gives the same logits on them ({@link
     * #sameOnChannelsLast}).
     */
    private void measure(NDArray probe) {
        try (NDManager scope = probe.getManager().newSubManager()) {
            NDArray x = probe.duplicate();
            x.attach(scope);
            NDArray plain = logits(x);
            stochastic = !plain.contentEquals(logits(x));
            channelsLast = x.getShape().dimension() == 4 && sameOnChannelsLast(x, plain);
        }
    }

    /**
     * Whether the module gives the same logits on channels-last images (values in NHWC order, as
     * the tool's own networks take them, so that oneDNN reorders nothing around its convolutions:
     * APGD on a PyTorch-trained small CNN 1.2x faster, docs/performance.md). A module that views
     * its input as flat memory ({@code x.view(n, -1)}) refuses that layout or reads it in another
     * order; it keeps plain NCHW images. A stochastic module can only be checked to run. The bound
     * separates a layout's rounding (the convolutions sum in another order: far below 1e-4 of the
     * logits' scale) from memory read in the wrong order (differences of the logits' own size); a
     * module wrongly judged different only keeps the slower plain layout.
     */
    private boolean sameOnChannelsLast(NDArray x, NDArray plain) {
        NDArray last;
        try {
            last = forward(x, ChannelsLast.of(x));
        } catch (IllegalArgumentException e) {
            return false;
        }
        float scale = Math.max(1f, plain.abs().max().getFloat());
        return stochastic || last.sub(plain).abs().max().getFloat() <= 1e-4f * scale;
    }

    /** Whether images enter the module in channels-last memory ({@link #sameOnChannelsLast}). */
    boolean takesChannelsLast() {
        return channelsLast;
    }

    @Override
    public NDArray logits(NDArray x) {
        return forward(x, channelsLast ? ChannelsLast.of(x) : x);
    }

    /** The module's logits for the images x, handed to it as {@code input} (x in some layout). */
    private NDArray forward(NDArray x, NDArray input) {
        PassCount.entering(x);
        NDList out;
        try {
            out = IValueUtils.forward(block, new NDList(input), true);
        } catch (EngineException e) {
            throw new IllegalArgumentException(
                    "forward on images " + x.getShape() + " failed: " + firstLine(e.getMessage()),
                    e);
        }
        Shape expected = new Shape(x.getShape().get(0), classes);
        if (out.size() != 1
                || !out.get(0).getShape().equals(expected)
                || out.get(0).getDataType() != DataType.FLOAT32) {
            String got =
                    out.size() == 1
                            ? out.get(0).getDataType() + " " + out.get(0).getShape()
                            : out.size() + " outputs";
            out.close();
            throw new IllegalArgumentException(
                    "forward on images "
                            + x.getShape()
                            + " returned "
                            + got
                            + "; expected float32 logits "
                            + expected
                            + " for "
                            + classes
                            + " classes");
        }
        return out.get(0);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public boolean isStochastic() {
        return stochastic;
    }

    @Override
    public String architecture() {
        return "torchscript " + file.getFileName();
    }

    @Override
    public boolean hasNoise() {
        return stochastic;
    }

    @Override
    public NoiseMode noiseMode() {
        return NoiseMode.ON;
    }

    @Override
    public void setNoiseMode(NoiseMode mode) {
        if (mode != NoiseMode.ON) {
            throw new IllegalArgumentException(
                    "--noise "
                            + mode
                            + ": the noise of a TorchScript model is its own and cannot be switched"
                            + " off from outside");
        }
    }

    @Override
    public void prepareForAttacks() {
        // eval mode and frozen parameters since open()
    }

    @Override
    public Map<String, float[]> noiseScales() {
        return Map.of();
    }

    @Override
    public void close() {
        model.close();
    }

    /** The refusal of a file that is not a TorchScript module, with the engine's reason. */
    static String notTorchScript(Path file, String reason) {
        return file
                + ": not a TorchScript module (save one with torch.jit.save after"
                + " torch.jit.trace or torch.jit.script): "
                + reason;
    }

    /** An engine message's first line, for one-line errors. */
    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
