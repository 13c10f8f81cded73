package dev.noiseshield.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.NoiseSwitch;
import dev.noiseshield.nn.PniConv2d;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built, initialised network: its block, the manager that owns its parameters, and its noise
 * switch. Two modes are explicit and independent: {@link #setNoiseMode} (noise drawn or not) and
 * {@link #setBatchNormTraining} (batch statistics or running statistics). Noise starts ON, because a
 * noise defense acts at test time too.
 *
 * <p>Only parameters live in this network's manager. Every forward pass creates its arrays in the
 * manager of its input, which callers scope per batch or attack step.
 */
public final class Network implements Classifier, AutoCloseable {
    private final ModelSpec spec;
    private final Block block;
    private final NDManager manager;
    private final NoiseSwitch noise;
    private final ParameterStore store;
    private boolean batchNormTraining;
    private boolean parameterGradients;

    private Network(ModelSpec spec, Block block, NDManager manager, NoiseSwitch noise) {
        this.spec = spec;
        this.block = block;
        this.manager = manager;
        this.noise = noise;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds the network the spec describes and initialises it in a sub-manager of {@code parent}:
     * weights uniform in +-1/sqrt(fan_in), which is PyTorch's default (kaiming_uniform with a=sqrt(5))
     * and so matches the reference models; biases zero. Seed the engine first for a reproducible
     * initialisation.
     */
    public static Network create(ModelSpec spec, NDManager parent) {
        NoiseSwitch noise = new NoiseSwitch(NoiseMode.ON);
        LayerFactory layers = new LayerFactory(spec, noise);
        Block block = spec.architecture().isResNet() ? ResNet.build(spec, layers) : SmallCnn.build(spec, layers);
        block.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
                Parameter.Type.WEIGHT);
        NDManager manager = parent.newSubManager();
        block.initialize(manager, DataType.FLOAT32, inputShape(spec, 1));
        Network network = new Network(spec, block, manager, noise);
        network.applyParameterGradients(false);
        return network;
    }

    public static Shape inputShape(ModelSpec spec, long batch) {
        return new Shape(batch, spec.inputChannels(), spec.imageSize(), spec.imageSize());
    }

    @Override
    public NDArray logits(NDArray x) {
        Shape expected = inputShape(spec, x.getShape().dimension() == 4 ? x.getShape().get(0) : -1);
        if (!x.getShape().equals(expected) || x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected float32 images of shape (N, " + spec.inputChannels() + ", "
                    + spec.imageSize() + ", " + spec.imageSize() + "), got " + x.getDataType() + " " + x.getShape());
        }
        return block.forward(store, new NDList(x), batchNormTraining).singletonOrThrow();
    }

    @Override
    public int numClasses() {
        return spec.numClasses();
    }

    @Override
    public boolean isStochastic() {
        return spec.pni().enabled() && noise.isOn();
    }

    public NoiseMode noiseMode() {
        return noise.mode();
    }

    public void setNoiseMode(NoiseMode mode) {
        noise.set(mode);
    }

    /** True: batch norm uses batch statistics and updates its running averages (training steps). */
    public void setBatchNormTraining(boolean training) {
        this.batchNormTraining = training;
    }

    public ModelSpec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** Every parameter with its hierarchical name, in a stable order. */
    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        block.getParameters().forEach(out::add);
        return out;
    }

    /** The learned PNI scales by layer name (empty without PNI). */
    public Map<String, float[]> noiseScales() {
        Map<String, float[]> scales = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : parameters()) {
            if (PniConv2d.isNoiseScale(p.getValue())) {
                scales.put(layerName(p.getKey()), p.getValue().getArray().toFloatArray());
            }
        }
        return scales;
    }

    private static String layerName(String parameterKey) {
        int cut = parameterKey.lastIndexOf('_');
        return cut > 0 ? parameterKey.substring(0, cut) : parameterKey;
    }

    public void saveParameters(DataOutputStream out) throws IOException {
        block.saveParameters(out);
    }

    /** Loads parameters saved by {@link #saveParameters} from a network of the same spec. */
    public void loadParameters(DataInputStream in) throws IOException, MalformedModelException {
        block.loadParameters(manager, in);
        applyParameterGradients(false);
    }

    /**
     * Whether backward passes compute gradients of the trainable parameters. Off by default: attacks
     * need only the input gradient, and skipping the weight gradients saves about a third of every
     * backward pass and keeps attack steps from accumulating into the weights' gradients. Training
     * turns it on around its own forward and backward pass.
     */
    public void setParameterGradients(boolean on) {
        if (on != parameterGradients) {
            applyParameterGradients(on);
        }
    }

    // DJL's initialize() and loadParameters() attach gradients to every trainable parameter, so the
    // state is set explicitly after both rather than assumed.
    private void applyParameterGradients(boolean on) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(on);
            }
        }
        parameterGradients = on;
    }

    /** The trainable parameters (those DJL marks as requiring gradient), with their names. */
    public List<Pair<String, Parameter>> trainableParameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
