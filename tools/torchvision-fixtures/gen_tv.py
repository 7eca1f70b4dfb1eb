"""torchvision 0.14 ground truth for the zoo's dev.onnxport.zoo.vision twins.

  python3 gen_tv.py reference OUT_DIR
      writes OUT_DIR/parameters.json (every classification model function of torchvision.models, called with its
      defaults: sum(p.numel() for p in model.parameters())) and OUT_DIR/state_dicts.json (state-dict names and
      shapes, in order, of one model per family). Committed as modules/zoo/src/test/resources/torchvision/.

  python3 gen_tv.py fixture OUT_DIR NAME[,NAME...] [SIZE]
      writes a model fixture in the ../shared/fixtures/models format (model.json, weights.safetensors,
      io.safetensors, io_alt.safetensors) for each torchvision model NAME into OUT_DIR/NAME: seeded weights
      (batch-norm affine parameters and all-zero parameters drawn, running statistics from a random batch; see
      randomize), a (1, 3, SIZE, SIZE) input (default 224) and a batch-2 alternative. Too large to commit: write them to scratch space and run
        ./onnxport export --fixture OUT_DIR/NAME --verify -o /tmp/NAME.onnx

Needs torch 1.13 and torchvision 0.14 (Debian: python3-torch python3-torchvision) and the safetensors writer of
../shared/fixtures/generator (override with ONNXPORT_GENERATOR=DIR).
"""
import json, os, sys, zlib
import torch, torchvision
from torchvision import models

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.environ.get("ONNXPORT_GENERATOR", os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "generator"))

# torchvision's classification model functions, except maxvit_t and swin_v2_* (not in the list)
NAMES = [n for n in sorted(models.list_models(module=models)) if n != "maxvit_t" and not n.startswith("swin_v2")]

# one model per family: its full state-dict names and shapes are committed
FAMILY_REPRESENTATIVES = ["alexnet", "vgg11_bn", "resnext50_32x4d", "wide_resnet50_2", "squeezenet1_0", "squeezenet1_1",
                          "densenet121", "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0",
                          "efficientnet_v2_s", "convnext_tiny", "shufflenet_v2_x0_5", "mnasnet0_5", "mnasnet1_0",
                          "regnet_x_400mf", "regnet_y_400mf", "googlenet", "inception_v3", "vit_b_16", "swin_t"]


def reference(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    counts, dicts = {}, {}
    for name in NAMES:
        torch.manual_seed(0)
        m = models.get_model(name)
        counts[name] = sum(p.numel() for p in m.parameters())
        if name in FAMILY_REPRESENTATIVES:
            dicts[name] = [[k, list(v.shape)] for k, v in m.state_dict().items()]
        print(name, counts[name], flush=True)
        del m
    meta = {"generator": "torchvision " + torchvision.__version__ + ", torch " + torch.__version__}
    with open(os.path.join(out_dir, "parameters.json"), "w") as f:
        json.dump({"_": meta, "parameters": counts}, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out_dir, "state_dicts.json"), "w") as f:
        f.write("{\"_\": " + json.dumps(meta) + ",\n")
        for i, name in enumerate(sorted(dicts)):
            f.write(" " + json.dumps(name) + ": [\n")
            f.write(",\n".join("  " + json.dumps(e, separators=(",", ":")) for e in dicts[name]))
            f.write("\n ]" + ("," if i + 1 < len(dicts) else "") + "\n")
        f.write("}\n")


def randomize(m, g, size):
    """Random batch-norm affine parameters and all-zero parameters (zero-initialized heads) drawn; then the batch-norm
    running statistics are those of a random batch (one training-mode forward with cumulative averaging), so that the
    signal keeps its scale through deep stacks and the logits depend on the input, not only on the norms' biases."""
    bns = [mod for mod in m.modules() if isinstance(mod, torch.nn.modules.batchnorm._BatchNorm)]
    for mod in bns:
        if mod.weight is not None:
            mod.weight.copy_(torch.rand(mod.weight.shape, generator=g) + 0.5)
            mod.bias.copy_(torch.randn(mod.bias.shape, generator=g) * 0.1)
    for p in m.parameters():
        if p.numel() > 0 and float(p.abs().max()) == 0.0:
            p.copy_(torch.randn(p.shape, generator=g) * 0.02)
    if bns:
        momenta = [mod.momentum for mod in bns]
        for mod in bns:
            mod.reset_running_stats()
            mod.momentum = None
        m.train()
        m(torch.randn(4, 3, size, size, generator=g))
        for mod, mom in zip(bns, momenta):
            mod.momentum = mom
            mod.num_batches_tracked.zero_()


def fixture(out_dir, names, size):
    sys.path.insert(0, GENERATOR)
    import safetensors_io
    torch.set_num_threads(2)
    for name in names:
        seed = zlib.crc32(name.encode())
        g = torch.Generator().manual_seed(seed)
        torch.manual_seed(seed)
        m = models.get_model(name)
        with torch.no_grad():
            randomize(m, g, size)
        m.eval()
        x = torch.randn(1, 3, size, size, generator=g)
        x_alt = torch.randn(2, 3, size, size, generator=g)
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        with torch.no_grad():
            y, y_alt = m(x), m(x_alt)
        safetensors_io.save(dict(m.state_dict()), os.path.join(d, "weights.safetensors"))
        safetensors_io.save({"x": x, "output0": y}, os.path.join(d, "io.safetensors"))
        safetensors_io.save({"x": x_alt, "output0": y_alt}, os.path.join(d, "io_alt.safetensors"))
        info = {"model": name, "inputs": ["x"], "outputs": ["output0"], "dynamic_axes": {"x": {"0": "batch"}},
                "parameters": sum(p.numel() for p in m.parameters()),
                "generator": "torchvision " + torchvision.__version__ + ", PyTorch " + torch.__version__}
        with open(os.path.join(d, "model.json"), "w") as f:
            json.dump(info, f, indent=1)
        # how much the logits depend on the input: the spread between the two alternative samples, against their scale
        spread = float((y_alt[0] - y_alt[1]).abs().max()) / max(float(y_alt.abs().max()), 1e-30)
        print(name, "->", d, "(logits max %.3g, sample spread %.2f)" % (float(y_alt.abs().max()), spread), flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "reference":
        reference(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "fixture":
        fixture(sys.argv[2], sys.argv[3].split(","), int(sys.argv[4]) if len(sys.argv) > 4 else 224)
    else:
        sys.exit(__doc__)
