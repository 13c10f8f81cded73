package dev.noiseshield.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch is one per thread, and DJL turns it off only on the thread that loads
 * the engine: on any other thread (a Spark task's, a service's request thread) every operation
 * records a graph, and the optimizer's in-place update of a weight fails ("a leaf Variable that
 * requires grad is being used in an in-place operation"), as a training in a Spark task did. Code
 * that computes on a thread of its caller's choosing calls {@link #autogradOff} first; gradients
 * are still taken where asked, inside a gradient collector, which turns autograd on and back.
 */
public final class EngineThreads {
    private EngineThreads() {}

    /** Autograd off on the calling thread, as on the thread that loaded the engine. */
    public static void autogradOff() {
        Engine.getInstance(); // loads the native library first, if no one has yet
        JniUtils.setGradMode(false);
    }
}
