"""NoiseShield models in PyTorch, rebuilt from an export folder.

`./noiseshield export --run DIR --out EXPORT` writes EXPORT/model.json and EXPORT/model.safetensors;
this module (PyTorch only, no other dependency) rebuilds the network as a torch.nn.Module with
the same layers, the same noise and the same tensor names, so that AutoAttack, torchattacks or any
PyTorch code runs on it unchanged:

    import torch, noiseshield_torch as ns
    model = ns.load("EXPORT")              # eval mode (batch-norm running statistics), noise on
    logits = model(images)                 # images (N, C, H, W), float32 in [0, 1]
    probs = ns.predict(model, images)      # the defense's inference rule (RSE: 10 draws)
    adversarial = ns.pgd(model, images, labels, eps=0.3)   # L-inf PGD-20, as the tool's
    model.set_noise(False)                 # the mean network, deterministic

Noise on or off is explicit (`set_noise`), never taken from `model.train()` / `model.eval()`:
a noise defense draws its noise at test time too. Formulas, layer by layer, are in
docs/export.md; they are those of the tool's Java layers (dev.noiseshield.nn).
"""

import json
import os
import struct
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

FORMAT = "noiseshield-model/1"


# ---------------------------------------------------------------- safetensors

def read_safetensors(path: str) -> Tuple[Dict[str, Tensor], Dict[str, str]]:
    """Reads a safetensors file of F32 tensors: ({name: tensor}, metadata)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError(f"{path}: header length {n} does not fit the file")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    buffer = data[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(buffer[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(entry["shape"]).clone()
    return tensors, metadata


def write_safetensors(path: str, tensors: Dict[str, Tensor], metadata: Dict[str, str]) -> None:
    """Writes float32 tensors in the safetensors format (header padded to 8 bytes)."""
    header = {"__metadata__": dict(metadata)} if metadata else {}
    chunks, offset = [], 0
    for name, t in tensors.items():
        raw = t.detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for c in chunks:
            f.write(c)


# ---------------------------------------------------------------- noise layers

def _std(t: Tensor) -> Tensor:
    """Unbiased std of the whole tensor, detached: the noise scales with it, learns nothing."""
    return t.detach().std()


class Noisy(nn.Module):
    """A layer that draws noise while `noise_on` (set by NoiseShieldNet.set_noise)."""

    def __init__(self):
        super().__init__()
        self.noise_on = True


class InputNoise(Noisy):
    """RSE: x + sigma * z, z ~ N(0, I) per element; fixed sigma."""

    def __init__(self, sigma: float):
        super().__init__()
        self.sigma = float(sigma)

    def forward(self, x: Tensor) -> Tensor:
        if not self.noise_on:
            return x
        return x + self.sigma * torch.randn_like(x)


class ActivationNoise(Noisy):
    """PNI-A: a + alpha * std(a) * z, z ~ N(0, I) per element, alpha learned (noise_scale)."""

    def __init__(self, scale_shape: List[int]):
        super().__init__()
        self.noise_scale = nn.Parameter(torch.zeros(scale_shape))

    def forward(self, a: Tensor) -> Tensor:
        if not self.noise_on:
            return a
        return a + self.noise_scale * (torch.randn_like(a) * _std(a))


def _colored(count: int, rho: Tensor, factor: Tensor) -> Tensor:
    """count draws (count, M) of N(0, diag(softplus(rho)^2) + F F^T)."""
    z1 = torch.randn(count, rho.shape[0], dtype=rho.dtype, device=rho.device)
    z2 = torch.randn(count, factor.shape[1], dtype=rho.dtype, device=rho.device)
    return z1 * F.softplus(rho) + z2 @ factor.t()


class ColoredActivationNoise(Noisy):
    """CNI activations: per example and position, the C channels get std(a) * e, e ~ N(0, Sigma)."""

    def __init__(self, channels: int, rank: int):
        super().__init__()
        self.noise_diag_rho = nn.Parameter(torch.zeros(channels))
        self.noise_factor = nn.Parameter(torch.zeros(channels, rank))

    def forward(self, a: Tensor) -> Tensor:
        if not self.noise_on:
            return a
        n, c, h, w = a.shape
        e = _colored(n * h * w, self.noise_diag_rho, self.noise_factor)
        return a + e.reshape(n, h, w, c).permute(0, 3, 1, 2) * _std(a)


class NoisyConv2d(Noisy):
    """Conv2d whose weight gets PNI noise (w + a std(w) z) or CNI noise (per filter, colored)."""

    def __init__(self, cin: int, cout: int, kernel: int, stride: int, padding: int, bias: bool,
                 placement: str, scale_shape: List[int], rank: int):
        super().__init__()
        self.stride, self.padding, self.placement = stride, padding, placement
        self.weight = nn.Parameter(torch.zeros(cout, cin, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(cout)) if bias else None
        m = cin * kernel * kernel
        if placement == "PNI":
            self.noise_scale = nn.Parameter(torch.zeros(scale_shape))
        else:
            self.noise_diag_rho = nn.Parameter(torch.zeros(m))
            self.noise_factor = nn.Parameter(torch.zeros(m, rank))

    def noisy_weight(self) -> Tensor:
        w = self.weight
        if self.placement == "PNI":
            return w + self.noise_scale * (torch.randn_like(w) * _std(w))
        e = _colored(w.shape[0], self.noise_diag_rho, self.noise_factor)
        return w + e.reshape(w.shape) * _std(w)

    def forward(self, x: Tensor) -> Tensor:
        w = self.noisy_weight() if self.noise_on else self.weight
        return F.conv2d(x, w, self.bias, self.stride, self.padding)


class PniLinear(Noisy):
    """Linear layer whose weight gets PNI noise."""

    def __init__(self, fin: int, units: int, scale_shape: List[int]):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(units, fin))
        self.bias = nn.Parameter(torch.zeros(units))
        self.noise_scale = nn.Parameter(torch.zeros(scale_shape))

    def noisy_weight(self) -> Tensor:
        w = self.weight
        return w + self.noise_scale * (torch.randn_like(w) * _std(w))

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.noisy_weight() if self.noise_on else self.weight, self.bias)


class FeatureNoise(Noisy):
    """f + L z per example: L = diag(softplus(rho)) (MFDV, diagonal WCA), plus strictly-lower M (WCA)."""

    def __init__(self, dim: int, full: bool):
        super().__init__()
        self.noise_rho = nn.Parameter(torch.zeros(dim))
        self.noise_lower = nn.Parameter(torch.zeros(dim, dim)) if full else None

    def factor(self) -> Tensor:
        lower = torch.diag(F.softplus(self.noise_rho))
        if self.noise_lower is not None:
            lower = lower + torch.tril(self.noise_lower, -1)
        return lower

    def forward(self, f: Tensor) -> Tensor:
        if not self.noise_on:
            return f
        return f + torch.randn_like(f) @ self.factor().t()


# ---------------------------------------------------------------- plain layers

class Normalize(nn.Module):
    """(x - mean) / std per channel, inside the model."""

    def __init__(self, mean: List[float], std: List[float]):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).reshape(1, -1, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(std).reshape(1, -1, 1, 1), persistent=False)

    def forward(self, x: Tensor) -> Tensor:
        return (x - self.mean) / self.std


class Contiguous(nn.Module):
    """The values in contiguous (NCHW) memory."""

    def forward(self, x: Tensor) -> Tensor:
        return x.contiguous()


class ZeroPad(nn.Module):
    """The input at every stride-th pixel, zero channels after its own (option A, PNI's code)."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.extra, self.stride = cout - cin, stride

    def forward(self, x: Tensor) -> Tensor:
        kept = x[:, :, ::self.stride, ::self.stride]
        n, _, h, w = kept.shape
        return torch.cat((kept, kept.new_zeros(n, self.extra, h, w)), 1)


class Residual(nn.Module):
    """relu(main(x) + shortcut(x)); the branches are children 0 and 1, as in the tool."""

    def __init__(self, main: nn.Module, shortcut: nn.Module):
        super().__init__()
        self.add_module("0", main)
        self.add_module("1", shortcut)

    def forward(self, x: Tensor) -> Tensor:
        main, shortcut = list(self.children())
        return F.relu(main(x) + shortcut(x))


def _pni_scale_shape(granularity: str, shape: List[int]) -> List[int]:
    if granularity == "LAYER":
        return [1]
    if granularity == "CHANNEL":
        return [shape[0]] + [1] * (len(shape) - 1)
    return list(shape)


class _Layers:
    """The tool's LayerFactory: where each defense's noise goes (docs/export.md)."""

    def __init__(self, d: dict):
        self.d, self.noise = d, d["noise"]
        self.first_conv_made = False

    def normalize(self) -> nn.Module:
        norm = Normalize(self.d["normalization"]["mean"], self.d["normalization"]["std"])
        sigma = self.noise["inputSigma"]
        return nn.Sequential(InputNoise(sigma), norm) if sigma > 0 else norm

    def activation_noise(self, channels, size) -> nn.Module:
        g = self.noise["granularity"]
        return ActivationNoise([1] if g == "LAYER" else
                               [channels, 1, 1] if g == "CHANNEL" else
                               [channels, size, size])

    def conv(self, cin, cout, kernel, stride, padding, bias, out_size) -> nn.Module:
        parts = []
        if self.first_conv_made and self.noise["innerSigma"] > 0:
            parts.append(InputNoise(self.noise["innerSigma"]))
        # PNI activation noise: after every conv (PNI-A-a, the default), before it (PNI-A-b), or
        # before the first only (PNI-I); the input's size is out_size * stride for these convs
        site = self.noise.get("activationSite") or "CONV_OUTPUT"
        pni = self.noise["activations"] == "PNI"
        if pni and (site == "CONV_INPUT" or (site == "IMAGE" and not self.first_conv_made)):
            parts.append(self.activation_noise(cin, out_size * stride))
        self.first_conv_made = True
        placement = self.noise["weights"]
        if placement == "NONE":
            parts.append(nn.Conv2d(cin, cout, kernel, stride, padding, bias=bias))
        else:
            shape = [cout, cin, kernel, kernel]
            parts.append(NoisyConv2d(cin, cout, kernel, stride, padding, bias, placement,
                                     _pni_scale_shape(self.noise["granularity"], shape),
                                     self.noise["rank"]))
        activations = self.noise["activations"]
        if pni and site == "CONV_OUTPUT":
            parts.append(self.activation_noise(cout, out_size))
        elif activations == "COLORED":
            parts.append(ColoredActivationNoise(cout, self.noise["rank"]))
        return parts[0] if len(parts) == 1 else nn.Sequential(*parts)

    def linear(self, fin, units) -> nn.Module:
        if self.noise["weights"] == "PNI":
            return PniLinear(fin, units, _pni_scale_shape(self.noise["granularity"], [units, fin]))
        return nn.Linear(fin, units)

    def head(self, features, classes) -> nn.Module:
        parts = []
        covariance = self.noise.get("featureCovariance")
        if covariance:
            parts.append(FeatureNoise(features, covariance == "FULL"))
        parts.append(self.linear(features, classes))
        return nn.Sequential(*parts)


def _small_cnn(d, layers, c, s, w):
    return nn.Sequential(
        layers.normalize(),
        layers.conv(c, 16 * w, 3, 1, 1, True, s), nn.ReLU(), nn.MaxPool2d(2),
        layers.conv(16 * w, 32 * w, 3, 1, 1, True, s // 2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        layers.linear(32 * w * (s // 4) ** 2, 128), nn.ReLU()), 128


def _basic_block(layers, cin, cout, stride, size, zero_pad):
    out = (size - 1) // stride + 1
    main = nn.Sequential(
        layers.conv(cin, cout, 3, stride, 1, False, out), nn.BatchNorm2d(cout), nn.ReLU(),
        layers.conv(cout, cout, 3, 1, 1, False, out), nn.BatchNorm2d(cout))
    if stride == 1 and cin == cout:
        shortcut = nn.Identity()
    elif zero_pad:
        shortcut = ZeroPad(cin, cout, stride)
    else:
        # the tool copies a strided shortcut's input into NCHW memory first (a parameterless
        # child, kept here so that the indices, and so the tensor names, stay the tool's)
        plain = [Contiguous()] if stride > 1 else []
        shortcut = nn.Sequential(*plain, layers.conv(cin, cout, 1, stride, 0, False, out),
                                 nn.BatchNorm2d(cout))
    return Residual(main, shortcut), out


def _resnet(layers, c, s, stem, widths, blocks_per_stage, zero_pad=False):
    modules = [layers.normalize(), layers.conv(c, stem, 3, 1, 1, False, s),
               nn.BatchNorm2d(stem), nn.ReLU()]
    cin, size = stem, s
    for stage, cout in enumerate(widths):
        for i in range(blocks_per_stage):
            stride = 2 if stage > 0 and i == 0 else 1
            block, size = _basic_block(layers, cin, cout, stride, size, zero_pad)
            modules.append(block)
            cin = cout
    modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*modules), cin


def _vgg16(layers, c, s, w):
    modules, cin, size = [layers.normalize()], c, s
    for stage in ([64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]):
        for channels in stage:
            modules += [layers.conv(cin, channels * w, 3, 1, 1, False, size),
                        nn.BatchNorm2d(channels * w), nn.ReLU()]
            cin = channels * w
        if size >= 2:
            modules.append(nn.MaxPool2d(2, 2))
            size //= 2
    modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*modules), cin


class _Width(float):
    """The channel multiplier; base * w is a layer's whole number of channels (1.5 -> 24, 48, 96)."""

    def __rmul__(self, base):
        return int(round(base * float(self)))

    __mul__ = __rmul__


def _trunk(d: dict, layers: _Layers):
    arch, w = d["architecture"], _Width(d["width"])
    zero_pad = d.get("shortcut", "PROJECTION") == "ZERO_PAD"
    c, s = d["input"]["channels"], d["input"]["height"]
    if arch == "small-cnn":
        return _small_cnn(d, layers, c, s, w)
    if arch == "resnet18":
        return _resnet(layers, c, s, 64 * w, [64 * w, 128 * w, 256 * w, 512 * w], 2, zero_pad)
    if arch == "vgg16":
        return _vgg16(layers, c, s, w)
    if arch.startswith("resnet"):
        depth = int(arch[len("resnet"):])
        return _resnet(layers, c, s, 16 * w, [16 * w, 32 * w, 64 * w], (depth - 2) // 6,
                       zero_pad)
    raise ValueError(f"unknown architecture {arch}")


# ---------------------------------------------------------------- the model

class NoiseShieldNet(nn.Module):
    """trunk (images to penultimate features) then head (features to logits), as in the tool."""

    def __init__(self, description: dict):
        super().__init__()
        self.description = description
        layers = _Layers(description)
        self.trunk, features = _trunk(description, layers)
        self.head = layers.head(features, description["classes"])

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.trunk(x))

    def set_noise(self, on: bool) -> "NoiseShieldNet":
        """Noise drawn (True, the defense as deployed) or not (False, the mean network)."""
        for m in self.modules():
            if isinstance(m, Noisy):
                m.noise_on = bool(on)
        return self

    def noise_layers(self) -> Dict[str, nn.Module]:
        """Every noise layer by its name in state_dict terms."""
        return {name: m for name, m in self.named_modules() if isinstance(m, Noisy)}


def load(folder: str) -> NoiseShieldNet:
    """The exported model: eval mode (batch-norm running statistics), noise on."""
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        description = json.load(f)
    if description.get("format") != FORMAT:
        raise ValueError(f"{folder}/model.json: format {description.get('format')} is not {FORMAT}")
    model = NoiseShieldNet(description)
    tensors, _ = read_safetensors(os.path.join(folder, description["tensors"]))
    expected = {k for k in model.state_dict() if not k.endswith("num_batches_tracked")}
    if set(tensors) != expected:
        raise ValueError(f"{folder}: tensors do not fit model.json: missing "
                         f"{sorted(expected - set(tensors))}, unexpected "
                         f"{sorted(set(tensors) - expected)}")
    for name, value in model.state_dict().items():
        if name in tensors and tuple(value.shape) != tuple(tensors[name].shape):
            raise ValueError(f"{folder}: {name} has shape {tuple(tensors[name].shape)}, "
                             f"model.json gives {tuple(value.shape)}")
    model.load_state_dict(tensors, strict=False)
    return model.eval().set_noise(True)


def save(model: NoiseShieldNet, folder: str) -> None:
    """Writes model.json and model.safetensors, which the tool imports (and export writes)."""
    os.makedirs(folder, exist_ok=True)
    description = dict(model.description, tensors="model.safetensors", format=FORMAT)
    tensors = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    write_safetensors(os.path.join(folder, "model.safetensors"), tensors,
                      {"format": FORMAT, "description": "model.json"})
    with open(os.path.join(folder, "model.json"), "w", encoding="utf-8") as f:
        json.dump(description, f, indent=2)


def pgd(model: nn.Module, images: Tensor, labels: Tensor, eps: float, steps: int = 20,
        step: Optional[float] = None) -> Tensor:
    """L-inf PGD (Madry et al.) from a uniform random start, step 2.5 eps / steps, one noise draw
    per gradient, as the tool's `pgd`; returns the adversarial images."""
    alpha = step if step is not None else 2.5 * eps / steps
    x = (images + torch.empty_like(images).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        x.requires_grad_(True)
        loss = F.cross_entropy(model(x), labels)
        grad, = torch.autograd.grad(loss, x)
        x = torch.min(torch.max(x.detach() + alpha * grad.sign(), images - eps), images + eps)
        x = x.clamp(0, 1)
    return x.detach()


@torch.no_grad()
def predict(model: NoiseShieldNet, images: Tensor, draws: Optional[int] = None) -> Tensor:
    """Class probabilities under the defense's inference rule: the mean softmax over `draws`
    forward passes (model.json's inference.draws; RSE 10, the others 1)."""
    n = draws or model.description["inference"]["draws"]
    return torch.stack([F.softmax(model(images), dim=1) for _ in range(n)]).mean(0)
