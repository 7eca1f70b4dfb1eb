"""The torch side of the cold-start comparison (bench/README.md, "Cold start against torch.onnx 1.13").

  python3 cold_torch.py inputs DIR
      writes DIR/gpt2.safetensors (the fixtures' GPT of models.py at GPT-2 small sizes, untied head: the zoo's
      `gpt2`, 163,037,184 parameters) and DIR/resnet50.safetensors (torchvision 0.14's resnet50() state dict),
      both with seeded random weights.

  python3 cold_torch.py export gpt2|resnet50 WEIGHTS OUT
      what one timed torch run does: builds the model, loads WEIGHTS (safetensors, state-dict names) and calls
      torch.onnx.export at opset 17 with the inputs, names and dynamic axes of onnxport's bundled model of that
      name (gpt2: idx (1, 64) int64, axes batch and seq; resnet50: x (1, 3, 224, 224), axis batch).

Needs torch 1.13 and torchvision 0.14 (/usr/bin/python3 here) and the safetensors reader/writer of
../shared/fixtures/generator (override with ONNXPORT_GENERATOR=DIR).
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.environ.get("ONNXPORT_GENERATOR", os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "generator"))
sys.path.insert(0, GENERATOR)

import torch
import safetensors_io
from models import GPT

GPT2 = dict(vocab=50257, ctx=1024, d=768, layers=12, heads=12)


def build(name):
    if name == "gpt2":
        return GPT(**GPT2)
    if name == "resnet50":
        import torchvision
        return torchvision.models.resnet50()
    raise SystemExit("unknown model " + name + " (gpt2 or resnet50)")


def inputs(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name in ("gpt2", "resnet50"):
        torch.manual_seed(0)
        m = build(name)
        path = os.path.join(out_dir, name + ".safetensors")
        safetensors_io.save(m.state_dict(), path)
        print(path, sum(p.numel() for p in m.parameters()), "parameters", os.path.getsize(path), "bytes", flush=True)


def export(name, weights, out):
    m = build(name)
    m.load_state_dict(safetensors_io.load(weights))
    m.eval()
    if name == "gpt2":
        args = (torch.randint(0, GPT2["vocab"], (1, 64)),)
        names, dyn = ["idx"], {"idx": {0: "batch", 1: "seq"}}
    else:
        args = (torch.randn(1, 3, 224, 224),)
        names, dyn = ["x"], {"x": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(m, args, out, opset_version=17, input_names=names, output_names=["output0"],
                          dynamic_axes=dyn)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "inputs":
        inputs(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(__doc__)
