package dev.noiseshield.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.noiseshield.nn.BatchNormFolding;
import dev.noiseshield.nn.ChannelsLast;
import dev.noiseshield.nn.ColoredNoise;
import dev.noiseshield.nn.FeatureNoise;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.NoiseParameters;
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
 * {@link #setBatchNormTraining} (batch statistics or running statistics). Noise starts ON, because
 * a noise defense acts at test time too. A third setting, {@link #setChannelsLast}, changes only
 * the memory layout, never the result.
 *
 * <p>Only parameters live in this network's manager. Every forward pass creates its arrays in the
 * manager of its input, which callers scope per batch or attack step.
 */
public final class Network implements EvaluatedModel, AutoCloseable {
    private final ModelSpec spec;
    private final Block block;
    private final Block trunk;
    private final Block head;
    private final NDManager manager;
    private final NoiseSwitch noise;
    private final ParameterStore store;
    private final FeatureNoise featureNoise;
    private final BatchNormFolding folding;
    private boolean batchNormTraining;
    private boolean parameterGradients;
    private boolean channelsLast = true;

    /**
     * An architecture cut in two: the trunk maps images to the penultimate features (N, D), the
     * head maps features to logits. Noise draws can share one trunk pass when only the head is
     * noisy.
     */
    public record Parts(Block trunk, Block head) {}

    private Network(
            ModelSpec spec,
            Parts parts,
            NDManager manager,
            NoiseSwitch noise,
            LayerFactory layers) {
        this.trunk = parts.trunk();
        this.head = parts.head();
        this.block = new SequentialBlock().add(trunk).add(head);
        this.spec = spec;
        this.featureNoise = layers.featureNoise();
        this.folding = layers.folding();
        this.manager = manager;
        this.noise = noise;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds the network the spec describes and initialises it in a sub-manager of {@code parent}:
     * weights uniform in +-1/sqrt(fan_in), which is PyTorch's default (kaiming_uniform with
     * a=sqrt(5)) and so matches the reference models; biases zero. Seed the engine first for a
     * reproducible initialisation.
     */
    public static Network create(ModelSpec spec, NDManager parent) {
        NoiseSwitch noise = new NoiseSwitch(NoiseMode.ON);
        LayerFactory layers = new LayerFactory(spec, noise);
        Parts parts = build(spec, layers);
        NDManager manager = parent.newSubManager();
        Network network = new Network(spec, parts, manager, noise, layers);
        network.block.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
                Parameter.Type.WEIGHT);
        network.block.initialize(manager, DataType.FLOAT32, inputShape(spec, 1));
        network.applyParameterGradients(false);
        return network;
    }

    /** The architecture the spec names, its noisy layers made by {@code layers}; uninitialised. */
    static Parts build(ModelSpec spec, LayerFactory layers) {
        return switch (spec.architecture()) {
            case SMALL_CNN -> SmallCnn.build(spec, layers);
            case RESNET18 -> ResNet18.build(spec, layers);
            case VGG16 -> Vgg16.build(spec, layers);
            default -> ResNet.build(spec, layers);
        };
    }

    public static Shape inputShape(ModelSpec spec, long batch) {
        return new Shape(batch, spec.inputChannels(), spec.imageSize(), spec.imageSize());
    }

    @Override
    public NDArray logits(NDArray x) {
        checkInput(x);
        PassCount.entering(x);
        return block.forward(store, new NDList(layout(x)), batchNormTraining).singletonOrThrow();
    }

    /** The penultimate features (N, D): the trunk's output, before any head noise. */
    public NDArray features(NDArray x) {
        checkInput(x);
        PassCount.entering(x);
        return trunk.forward(store, new NDList(layout(x)), batchNormTraining).singletonOrThrow();
    }

    /**
     * With noise only in the head, the trunk runs once and the head runs on the features repeated
     * {@code draws} times (draw-major), which is the same computation as {@code draws} separate
     * passes at a fraction of the cost.
     */
    @Override
    public NDArray logitsOfDraws(NDArray x, int draws) {
        if (!sharesWorkBetweenDraws() || draws == 1) {
            return EvaluatedModel.super.logitsOfDraws(x, draws);
        }
        NDArray repeated = features(x).tile(new long[] {draws, 1}); // counted once, as the trunk
        return head.forward(store, new NDList(repeated), batchNormTraining).singletonOrThrow();
    }

    @Override
    public boolean sharesWorkBetweenDraws() {
        return spec.noise().onlyInHead() && noise.isOn();
    }

    private void checkInput(NDArray x) {
        Shape expected = inputShape(spec, x.getShape().dimension() == 4 ? x.getShape().get(0) : -1);
        if (!x.getShape().equals(expected) || x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "expected float32 images of shape (N, "
                            + spec.inputChannels()
                            + ", "
                            + spec.imageSize()
                            + ", "
                            + spec.imageSize()
                            + "), got "
                            + x.getDataType()
                            + " "
                            + x.getShape());
        }
    }

    private NDArray layout(NDArray x) {
        return channelsLast ? ChannelsLast.of(x) : x;
    }

    /**
     * True (the default): images enter the network in channels-last memory, which spares oneDNN two
     * reorders per convolution per pass; measured 15-25% faster on the benchmark (README
     * "Benchmark"). The values computed are the same either way, up to float rounding; false is the
     * plain NCHW layout, kept for the benchmark's comparison and the equivalence test.
     */
    public void setChannelsLast(boolean on) {
        this.channelsLast = on;
    }

    @Override
    public int numClasses() {
        return spec.numClasses();
    }

    @Override
    public boolean isStochastic() {
        return spec.noise().any() && noise.isOn();
    }

    @Override
    public String architecture() {
        return spec.architecture().cliName();
    }

    @Override
    public boolean hasNoise() {
        return spec.noise().any();
    }

    @Override
    public NoiseMode noiseMode() {
        return noise.mode();
    }

    @Override
    public void setNoiseMode(NoiseMode mode) {
        noise.set(mode);
    }

    @Override
    public void prepareForAttacks() {
        setBatchNormTraining(false);
        setParameterGradients(false);
    }

    /**
     * True (the default): a batch norm using its running statistics is folded into the convolution
     * before it, which gives the same values up to float rounding and saves a memory-bound pass
     * over each of its activations, forward and backward (BatchNormFolding); false runs every batch
     * norm as a layer, for comparison. Training steps never fold.
     */
    public void setBatchNormFolding(boolean on) {
        folding.set(on);
    }

    /** The batch norms folded so far by this network's passes. */
    public long foldedBatchNorms() {
        return folding.foldedCount();
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

    /**
     * The learned noise scales by layer name: PNI's {@code a}; the diagonal std {@code
     * softplus(rho)} of colored noise (relative to std(w) or std(a)); and for feature noise the std
     * each feature dimension gets, {@code sqrt(diag(Sigma))}; a plugin layer's {@code noise_...}
     * parameters as they are. Empty for a network without learned noise.
     */
    @Override
    public Map<String, float[]> noiseScales() {
        Map<String, float[]> scales = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : parameters()) {
            String name = p.getValue().getName();
            if (PniConv2d.isNoiseScale(p.getValue())) {
                scales.put(layerName(p.getKey()), p.getValue().getArray().toFloatArray());
            } else if (ColoredNoise.DIAGONAL_NAME.equals(name)) {
                float[] rho = p.getValue().getArray().toFloatArray();
                for (int i = 0; i < rho.length; i++) {
                    rho[i] = (float) Math.log1p(Math.exp(rho[i]));
                }
                scales.put(layerName(p.getKey()) + "/diagonal", rho);
            } else if (FeatureNoise.RHO_NAME.equals(name) && featureNoise != null) {
                scales.put(layerName(p.getKey()), featureNoise.perDimensionStd());
            } else if (name.startsWith(NoiseParameters.PLUGIN_PREFIX)) {
                // a plugin's noise parameter, as it is: the tool cannot know its meaning
                scales.put(
                        layerName(p.getKey()) + "/" + name, p.getValue().getArray().toFloatArray());
            }
        }
        return scales;
    }

    /** The feature-noise layer of the head, if the spec has one. */
    public java.util.Optional<FeatureNoise> featureNoise() {
        return java.util.Optional.ofNullable(featureNoise);
    }

    /**
     * The weight (classes, D) of the final linear layer, the classifier that WCA aligns noise with.
     */
    public Parameter classifierWeight() {
        List<Pair<String, Block>> children =
                head.getChildren().stream().collect(java.util.stream.Collectors.toList());
        return children.get(children.size() - 1).getValue().getParameters().get("weight");
    }

    /**
     * A readable layer path from DJL's parameter key: "01SequentialBlock_05PniConv2d_noiseScale"
     * becomes "trunk/05PniConv2d" (the network is trunk then head).
     */
    private static String layerName(String parameterKey) {
        int cut = parameterKey.lastIndexOf('_');
        String path = cut > 0 ? parameterKey.substring(0, cut) : parameterKey;
        path =
                path.replaceFirst("^01SequentialBlock_", "trunk/")
                        .replaceFirst("^02SequentialBlock_", "head/");
        return path.replace('_', '/');
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
     * Whether backward passes compute gradients of the trainable parameters. Off by default:
     * attacks need only the input gradient, and skipping the weight gradients saves about a third
     * of every backward pass and keeps attack steps from accumulating into the weights' gradients.
     * Training turns it on around its own forward and backward pass.
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
