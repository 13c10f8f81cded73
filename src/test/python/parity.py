"""The PyTorch side of ExportToPyTorchTest: loads exported models with noiseshield_torch and
writes what the Java test compares with the tool's own numbers.

    parity.py JOB.json

JOB: {"models": [{"folder": export folder, "inputs": safetensors with "x" (N, C, H, W),
                  "draws": K (0: no noise-on logits)}], "layer_draws": L, "out": folder}. For every model i it writes OUT/i.safetensors with
  logits_off   (N, classes)  noise off
  on_mean      (N, classes)  mean logits over K draws, noise on (when K > 0)
  on_std       (N, classes)  their std over the draws
and OUT/i.json: per noise layer, the noise statistic measured over L draws with that layer alone
noisy, beside the value its parameters give by the documented formula (docs/export.md).
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
import noiseshield_torch as ns  # noqa: E402


def only(model, layer):
    for m in model.noise_layers().values():
        m.noise_on = m is layer


def captured_input(model, layer, x):
    """The input `layer` gets for x, noise off everywhere."""
    seen = {}

    def keep(module, inputs, output):  # returns None: the layer's output stays as it is
        seen["x"] = inputs[0].detach()

    handle = layer.register_forward_hook(keep)
    model.set_noise(False)
    with torch.no_grad():
        model(x)
    handle.remove()
    return seen["x"]


def layer_statistics(model, x, draws):
    """[{layer, kind, measured, expected}] with measured and expected in the same units."""
    out = []
    for name, layer in model.noise_layers().items():
        inp = captured_input(model, layer, x)
        only(model, layer)
        with torch.no_grad():
            if isinstance(layer, (ns.NoisyConv2d, ns.PniLinear)):
                w = layer.weight
                deltas = torch.stack([layer.noisy_weight() - w for _ in range(draws)])
                if getattr(layer, "placement", "PNI") == "PNI":
                    measured = (deltas.std(0) / w.std()).mean().item()
                    expected = layer.noise_scale.abs().expand_as(w).mean().item()
                else:
                    e = (deltas / w.std()).reshape(draws * w.shape[0], -1)
                    measured = e.var(0).mean().item()
                    expected = (F.softplus(layer.noise_diag_rho) ** 2
                                + (layer.noise_factor ** 2).sum(1)).mean().item()
                kind = "weight"
            else:
                ys = torch.stack([layer(inp) - inp for _ in range(draws)])
                if isinstance(layer, ns.InputNoise):
                    measured, expected = ys.std().item(), layer.sigma
                elif isinstance(layer, ns.ActivationNoise):
                    measured = (ys.std(0) / inp.std()).mean().item()
                    expected = layer.noise_scale.abs().expand_as(inp[0]).mean().item()
                elif isinstance(layer, ns.ColoredActivationNoise):
                    e = (ys / inp.std()).permute(0, 1, 3, 4, 2).reshape(-1, inp.shape[1])
                    measured = e.var(0).mean().item()
                    expected = (F.softplus(layer.noise_diag_rho) ** 2
                                + (layer.noise_factor ** 2).sum(1)).mean().item()
                else:  # feature noise: per-dimension variance, diag(L L^T)
                    measured = ys.reshape(-1, inp.shape[1]).var(0).mean().item()
                    expected = (layer.factor() ** 2).sum(1).mean().item()
                kind = type(layer).__name__
        out.append({"layer": name, "kind": kind, "measured": measured, "expected": expected})
    model.set_noise(True)
    return out


def main():
    job = json.load(open(sys.argv[1]))
    torch.manual_seed(0)
    for i, case in enumerate(job["models"]):
        model = ns.load(case["folder"])
        x = ns.read_safetensors(case["inputs"])[0]["x"]
        k = case["draws"]
        with torch.no_grad():
            model.set_noise(False)
            results = {"logits_off": model(x)}
            if k > 0:
                model.set_noise(True)
                on = torch.stack([model(x) for _ in range(k)])
                results.update(on_mean=on.mean(0), on_std=on.std(0))
        ns.write_safetensors(os.path.join(job["out"], f"{i}.safetensors"), results, {})
        with open(os.path.join(job["out"], f"{i}.json"), "w") as f:
            json.dump(layer_statistics(model, x, job["layer_draws"]), f)


if __name__ == "__main__":
    main()
