"""Writes the TorchScript models the tests of `evaluate --model-file` load, with Debian's
python3-torch (/usr/bin/python3), into src/test/resources/torchscript/. The files it wrote are
committed; run it again only to change them:

    /usr/bin/python3 src/test/python/make_torchscript_fixtures.py

deterministic-cnn.pt   the tool's small CNN for 1x8x8 images, no noise, traced; its weights also as
deterministic-cnn/     an export folder (model.json, model.safetensors), so that the tests build the
                       same network natively and compare attacks on both
stochastic-cnn.pt      a small CNN for 28x28 digits with Gaussian noise (std 0.5) added to its
                       first activations inside forward, scripted
wrong-shape.pt         a module that returns (N, 5) logits, for the error a 10-class data set gives
viewed-linear.pt       a linear layer on 3x8x8 images that views its input as flat memory
                       (x.view(n, -1)), which channels-last images refuse; its weights as
viewed-linear.json     JSON, so that the tests compute its logits natively
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "python"))
import noiseshield_torch as ns  # noqa: E402

OUT = os.path.join(HERE, "..", "resources", "torchscript")

SMALL_CNN_8 = {
    "format": ns.FORMAT, "tensors": "model.safetensors", "architecture": "small-cnn", "width": 1,
    "input": {"channels": 1, "height": 8, "width": 8, "layout": "NCHW", "range": [0.0, 1.0]},
    "normalization": {"mean": [0.5], "std": [0.25], "where": "inside the model"},
    "classes": 10, "dataset": "none", "defense": "none",
    "noise": {"weights": "NONE", "activations": "NONE", "inputSigma": 0.0, "innerSigma": 0.0,
              "featureCovariance": None, "granularity": "LAYER", "initScale": 0.25, "rank": 5},
    "inference": {"noise": "none", "draws": 1, "rule": "mean-prob",
                  "description": "softmax of one forward pass"},
}


class StochasticCnn(nn.Module):
    """28x28 digits: conv 5x5 stride 2, relu, + N(0, 0.5^2) noise, conv, relu, linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 5, stride=2)
        self.conv2 = nn.Conv2d(4, 8, 5, stride=2)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.conv1(x))
        h = h + 0.5 * torch.randn_like(h)
        h = F.relu(self.conv2(h))
        return self.fc(h.flatten(1))


class WrongShape(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(28 * 28, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.flatten(1))


class ViewedLinear(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.view(x.size(0), -1))


def viewed_linear():
    model = ViewedLinear().eval()
    torch.jit.script(model).save(os.path.join(OUT, "viewed-linear.pt"))
    with open(os.path.join(OUT, "viewed-linear.json"), "w") as f:
        json.dump({"weight": model.fc.weight.tolist(), "bias": model.fc.bias.tolist()}, f)


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    det = ns.NoiseShieldNet(SMALL_CNN_8).eval().set_noise(False)
    ns.save(det, os.path.join(OUT, "deterministic-cnn"))
    torch.jit.trace(det, torch.rand(2, 1, 8, 8)).save(os.path.join(OUT, "deterministic-cnn.pt"))
    torch.jit.script(StochasticCnn().eval()).save(os.path.join(OUT, "stochastic-cnn.pt"))
    torch.jit.script(WrongShape().eval()).save(os.path.join(OUT, "wrong-shape.pt"))
    viewed_linear()
    for name in sorted(os.listdir(OUT)):
        print(name)


if __name__ == "__main__":
    main()
