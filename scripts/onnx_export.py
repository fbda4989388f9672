#!/usr/bin/env python3
"""Export a PyTorch model to ONNX for motiflift (info, predict, explain, normalize -m M.onnx).

usage: onnx_export.py MODEL OUT.onnx --length L [options]

MODEL is a module saved whole with torch.save(model, "model.torch") (its class must be
importable, e.g. bpnetlite installed), or "package.module:name" naming an nn.Module
subclass or a function that returns the model (called without arguments; --state-dict
then loads its weights).

  --length L          the input length the model is exported for (motiflift reads models
                      of one fixed length; BED regions are resized to it)
  --channels-last     the model reads (N, L, 4) instead of PyTorch's (N, 4, L)
  --opset N           ONNX opset, 11 to 17 [13]
  --fixed-batch       no dynamic batch axis (the export then takes batches of 1; motiflift
                      runs any batch size either way)
  --zero-input C      the model takes one more input after the sequence, of C channels and
                      the same length, fed zeros (repeatable; e.g. bpnet-lite's control
                      tracks: --zero-input 2)
  --state-dict FILE   weights to load (torch.load(FILE)) into the model first
  --output-names A,B  names of the model's outputs [out0,out1,...]

The model is put in eval mode (dropout off, batch normalization from its running
statistics) and exported with torch.onnx.export; the onnx package's checker then reads the
file when python3-onnx is installed. As a library: from onnx_export import export.
Needs PyTorch (Debian: python3-torch); motiflift itself never does.
"""
import argparse
import importlib
import sys

import torch


class ZeroInputs(torch.nn.Module):
    """Calls model(x, zeros...) with zero tensors for the inputs after the sequence."""

    def __init__(self, model, channels, channels_last):
        super().__init__()
        self.model, self.channels, self.last = model, list(channels), channels_last

    def forward(self, x):
        n, length = x.shape[0], x.shape[1] if self.last else x.shape[2]
        zeros = [x.new_zeros((n, length, c) if self.last else (n, c, length)) for c in self.channels]
        return self.model(x, *zeros)


def export(model, path, length, channels_last=False, opset=13, dynamic_batch=True, zero_inputs=(),
           output_names=None):
    """Writes model as ONNX to path for inputs of the given length."""
    model = model.eval()
    if zero_inputs:
        model = ZeroInputs(model, zero_inputs, channels_last)
    x = torch.zeros((2, length, 4) if channels_last else (2, 4, length))
    with torch.no_grad():
        y = model(x)
    n_out = len(y) if isinstance(y, (tuple, list)) else 1
    names = output_names or [f"out{k}" for k in range(n_out)]
    if len(names) != n_out:
        raise SystemExit(f"onnx_export: the model has {n_out} outputs, {len(names)} names given")
    axes = {name: {0: "batch"} for name in ["x"] + names} if dynamic_batch else None
    torch.onnx.export(model, (x,), path, opset_version=opset, input_names=["x"], output_names=names,
                      dynamic_axes=axes, do_constant_folding=True)
    try:
        import onnx
    except ImportError:
        return
    onnx.checker.check_model(onnx.load(path))


def load_model(spec, state_dict=None):
    if ":" in spec and not spec.endswith((".torch", ".pt", ".pth")):
        mod, name = spec.split(":", 1)
        model = getattr(importlib.import_module(mod), name)()
    else:
        model = torch.load(spec, map_location="cpu")
    if state_dict:
        model.load_state_dict(torch.load(state_dict, map_location="cpu"))
    return model


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("out")
    p.add_argument("--length", type=int, required=True)
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--opset", type=int, default=13)
    p.add_argument("--fixed-batch", action="store_true")
    p.add_argument("--zero-input", type=int, action="append", default=[])
    p.add_argument("--state-dict")
    p.add_argument("--output-names")
    a = p.parse_args(argv)
    if not 11 <= a.opset <= 17:
        p.error("--opset: motiflift reads opsets 11 to 17")
    if a.length < 1:
        p.error("--length must be positive")
    export(load_model(a.model, a.state_dict), a.out, a.length, a.channels_last, a.opset,
           not a.fixed_batch, a.zero_input, a.output_names.split(",") if a.output_names else None)
    print(f"onnx_export: wrote {a.out} (input x: {'(N, %d, 4)' % a.length if a.channels_last else '(N, 4, %d)' % a.length}, "
          f"opset {a.opset})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
