package dev.noiseshield.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Locale;

/**
 * The device this process computes on, chosen once by {@code --device} ({@code auto}, {@code cpu},
 * {@code gpu} or {@code gpu:N}) before any array is made. Every root manager of the tool is made
 * here ({@link #newBaseManager}); the arrays of a training or attack step come from sub-managers of
 * one, so they live on the model's device, and nothing in the step code names a device.
 *
 * <p>DJL's PyTorch engine runs the native library it finds: the CPU build of libtorch 2.7.1 from
 * Maven Central unless {@code PYTORCH_LIBRARY_PATH} (with {@code PYTORCH_VERSION} and {@code
 * PYTORCH_FLAVOR}) names another, such as the {@code lib} folder of a CUDA 12.8 PyTorch 2.7.1
 * installation; its {@code pytorch-jni} jar carries the JNI for both. {@link #describe} says which
 * build runs and, when {@code auto} chose the CPU, why.
 */
public final class ComputeDevice {
    private static Selection selected;

    /** What {@code --device} resolved to, and why. */
    public record Selection(Device device, String requested, String reason) {}

    private ComputeDevice() {}

    /**
     * Resolves {@code option} against the engine and makes it this process's device.
     *
     * @throws IllegalArgumentException for a name that is no device, or a GPU PyTorch cannot see,
     *     with what to do about it
     */
    public static synchronized Selection select(String option) {
        selected = resolve(option, Engine.getInstance().getGpuCount());
        return selected;
    }

    /** The device chosen by {@link #select}; {@code auto} when nothing was chosen. */
    public static synchronized Device current() {
        if (selected == null) {
            selected = resolve("auto", Engine.getInstance().getGpuCount());
        }
        return selected.device();
    }

    /** The {@code --device} value this process runs with, for the processes it starts. */
    public static synchronized String requested() {
        return selected == null ? "auto" : selected.requested();
    }

    /** A root manager on this process's device. */
    public static NDManager newBaseManager() {
        return NDManager.newBaseManager(current());
    }

    /**
     * {@code option} resolved against {@code gpus} visible GPUs.
     *
     * @throws IllegalArgumentException as {@link #select}
     */
    public static Selection resolve(String option, int gpus) {
        String name = option.trim().toLowerCase(Locale.ROOT);
        if (name.equals("cpu")) {
            return new Selection(Device.cpu(), option, "asked for");
        }
        if (name.equals("auto")) {
            return gpus > 0
                    ? new Selection(Device.gpu(0), option, "the first of " + gpus + " GPUs")
                    : new Selection(Device.cpu(), option, "no GPU: " + whyNoGpu());
        }
        if (name.equals("gpu") || name.matches("gpu:\\d+")) {
            int index = name.equals("gpu") ? 0 : Integer.parseInt(name.substring(4));
            if (index >= gpus) {
                throw new IllegalArgumentException(
                        "--device "
                                + option
                                + ": PyTorch sees "
                                + (gpus == 0 ? "no GPU" : gpus + " GPU(s), numbered from 0")
                                + " ("
                                + whyNoGpu()
                                + ")");
            }
            return new Selection(Device.gpu(index), option, "asked for");
        }
        throw new IllegalArgumentException(
                "--device: '" + option + "' is not auto, cpu, gpu or gpu:N");
    }

    /** Why PyTorch sees no GPU, with what to change. */
    private static String whyNoGpu() {
        String path = libtorchPath();
        if (!path.matches("(?i).*(cu\\d{2,3}|cuda).*")) {
            return "the native library is the CPU build; to run on a GPU, point"
                    + " PYTORCH_LIBRARY_PATH at the lib folder of a CUDA 12.8 build of PyTorch"
                    + " 2.7.1 and set PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 (README: On a"
                    + " GPU)";
        }
        return "the native library is a CUDA build ("
                + path
                + ") but no GPU is visible: check nvidia-smi and CUDA_VISIBLE_DEVICES";
    }

    private static String libtorchPath() {
        try {
            return LibUtils.getLibtorchPath();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** One line: the device, the native build and where it came from, and the reason. */
    public static String describe() {
        Device device = current();
        Engine engine = Engine.getInstance();
        return "device: "
                + device
                + " ("
                + selected.reason()
                + "); "
                + engine.getEngineName()
                + " "
                + engine.getVersion()
                + " from "
                + libtorchPath();
    }
}
