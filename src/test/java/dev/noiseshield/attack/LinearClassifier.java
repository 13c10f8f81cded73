package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.model.Classifier;

/** logits = flatten(x) W^T + b: a model whose input gradient has a closed form. */
final class LinearClassifier implements Classifier {
    final NDArray weight; // (classes, d)
    final NDArray bias; // (classes)

    LinearClassifier(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public NDArray logits(NDArray x) {
        return x.reshape(x.getShape().get(0), -1).matMul(weight.transpose()).add(bias);
    }

    @Override
    public int numClasses() {
        return (int) weight.getShape().get(0);
    }

    @Override
    public boolean isStochastic() {
        return false;
    }
}
