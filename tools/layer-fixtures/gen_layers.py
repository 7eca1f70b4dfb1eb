#!/usr/bin/python3
"""Writes the PyTorch ground truth of the nn layers (issue 14, must-have 2) as small safetensors files.

Run with the Debian torch (python3-torch 1.13): /usr/bin/python3 tools/layer-fixtures/gen_layers.py
Output: spi/src/test/resources/dev/onnxport/nn/layers/<case>.safetensors, each holding
  state/<key>   the layer's state dict (torch's names, shapes and values; for the large default-built
                layers only the keys and shapes, in the metadata "state_shapes"),
  input/<i>     the inputs of one forward call, output/<i> its outputs,
and in the metadata "state_keys" (the state-dict keys in torch's order, comma-separated) and "torch".
The Java tests (LayerFixtureTest) build the twin layer, compare the key list and shapes, load the state
and compare the forward outputs (rtol 1e-4, atol 1e-5). No test runs Python.
"""
import collections
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "spi", "src", "test", "resources", "dev", "onnxport", "nn", "layers")
DT = {torch.float32: "F32", torch.int64: "I64", torch.bool: "BOOL"}


def save(path, tensors, meta):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        raw = t.numpy().tobytes() if t.dtype != torch.bool else bytes(t.to(torch.uint8).flatten().tolist())
        header[name] = {"dtype": DT[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    header["__metadata__"] = meta
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


CASES = collections.OrderedDict()


def case(name, module, *inputs, call=None):
    module.eval()
    if call is None:
        out = module(*inputs)
    else:
        out = call(module, *inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    t = collections.OrderedDict()
    sd = module.state_dict()
    for k, v in sd.items():
        t["state/" + k] = v
    for i, x in enumerate(inputs):
        t["input/%d" % i] = x
    for i, y in enumerate(outs):
        t["output/%d" % i] = y
    CASES[name] = (t, {"state_keys": ",".join(sd.keys()), "torch": torch.__version__})


def case_shapes(name, module):
    """Defaults too large to store: the state-dict keys and shapes only (metadata "state_shapes"), no call."""
    sd = module.state_dict()
    CASES[name] = (collections.OrderedDict(), {
        "state_keys": ",".join(sd.keys()), "torch": torch.__version__,
        "state_shapes": json.dumps({k: list(v.shape) for k, v in sd.items()}, separators=(",", ":"))})


def rnd(*shape):
    return torch.randn(*shape)


class Fn(nn.Module):
    """A stateless functional call as a module (for F.pad modes torch 1.13 has no layer for)."""
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, *x):
        return self.f(*x)


def build():
    torch.manual_seed(14)
    # ---- pooling
    case("max_pool1d", nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True), rnd(2, 3, 10))
    case("max_pool3d", nn.MaxPool3d((2, 3, 2), stride=(2, 2, 1), padding=(1, 1, 0), dilation=(1, 1, 2), ceil_mode=True),
         rnd(2, 2, 5, 6, 7))
    case("max_pool3d_default", nn.MaxPool3d(2), rnd(1, 2, 4, 4, 5))
    case("avg_pool1d", nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), rnd(2, 3, 9))
    case("avg_pool3d", nn.AvgPool3d((2, 3, 3), stride=(1, 2, 2), padding=(1, 1, 0), ceil_mode=True), rnd(2, 2, 4, 7, 6))
    case("avg_pool3d_exclude_pad", nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False), rnd(1, 2, 5, 6, 5))
    case("avg_pool3d_divisor", nn.AvgPool3d(2, divisor_override=5), rnd(1, 2, 4, 4, 4))
    case("adaptive_avg_pool1d", nn.AdaptiveAvgPool1d(4), rnd(2, 3, 10))
    case("adaptive_avg_pool3d", nn.AdaptiveAvgPool3d((2, 3, 2)), rnd(2, 2, 5, 7, 4))
    case("adaptive_max_pool1d", nn.AdaptiveMaxPool1d(3), rnd(2, 3, 10))
    case("adaptive_max_pool2d", nn.AdaptiveMaxPool2d((3, 2)), rnd(2, 2, 7, 5))
    case("adaptive_max_pool3d", nn.AdaptiveMaxPool3d((2, 2, 3)), rnd(1, 2, 5, 6, 7))
    # ---- resampling and reshaping
    case("upsample_nearest1d", nn.Upsample(scale_factor=2), rnd(2, 3, 5))
    case("upsample_nearest2d", nn.Upsample(size=(7, 9)), rnd(1, 2, 4, 5))
    case("upsample_nearest3d", nn.Upsample(scale_factor=2, mode="nearest"), rnd(1, 2, 3, 3, 4))
    case("upsample_linear1d", nn.Upsample(size=9, mode="linear"), rnd(2, 3, 5))
    case("upsample_bilinear2d", nn.Upsample(scale_factor=1.5, mode="bilinear", align_corners=True), rnd(1, 2, 4, 5))
    case("upsample_trilinear3d", nn.Upsample(size=(4, 5, 6), mode="trilinear"), rnd(1, 2, 3, 3, 4))
    case("pixel_unshuffle", nn.PixelUnshuffle(2), rnd(2, 2, 4, 6))
    case("pixel_shuffle", nn.PixelShuffle(2), rnd(2, 8, 2, 3))
    case("identity", nn.Identity(), rnd(2, 3))
    case("unflatten", nn.Unflatten(1, (2, 3)), rnd(2, 6, 4))
    # ---- padding
    case("reflection_pad1d", nn.ReflectionPad1d((2, 3)), rnd(2, 3, 6))
    case("reflection_pad2d", nn.ReflectionPad2d((1, 2, 2, 0)), rnd(2, 2, 4, 5))
    case("reflection_pad3d", nn.ReflectionPad3d((1, 1, 2, 0, 1, 2)), rnd(1, 2, 3, 4, 5))
    case("replication_pad1d", nn.ReplicationPad1d((2, 3)), rnd(2, 3, 6))
    case("replication_pad2d", nn.ReplicationPad2d((1, 2, 2, 0)), rnd(2, 2, 4, 5))
    case("replication_pad3d", nn.ReplicationPad3d((1, 1, 2, 0, 1, 2)), rnd(1, 2, 3, 4, 5))
    # torch 1.13 has no CircularPadNd layers (torch 2.1 added them): F.pad(mode="circular") is the ground truth
    case("circular_pad1d", Fn(lambda x: F.pad(x, (2, 3), mode="circular")), rnd(2, 3, 6))
    case("circular_pad2d", Fn(lambda x: F.pad(x, (1, 2, 2, 0), mode="circular")), rnd(2, 2, 4, 5))
    case("circular_pad3d", Fn(lambda x: F.pad(x, (1, 1, 2, 0, 1, 2), mode="circular")), rnd(1, 2, 3, 4, 5))
    case("constant_pad1d", nn.ConstantPad1d((2, 3), 1.5), rnd(2, 3, 6))
    case("constant_pad2d", nn.ConstantPad2d((1, 2, 2, 0), -0.5), rnd(2, 2, 4, 5))
    case("constant_pad3d", nn.ConstantPad3d((1, 1, 2, 0, 1, 2), 2.0), rnd(1, 2, 3, 4, 5))
    case("zero_pad2d", nn.ZeroPad2d((1, 2, 2, 0)), rnd(2, 2, 4, 5))
    # ---- embedding bags
    case("embedding_bag_mean_2d", nn.EmbeddingBag(10, 4, mode="mean", padding_idx=0),
         torch.tensor([[1, 2, 0, 4], [0, 0, 0, 0], [9, 9, 3, 0]]))
    case("embedding_bag_sum_offsets", nn.EmbeddingBag(10, 4, mode="sum"),
         torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 3, 3, 5]), rnd(8),
         call=lambda m, x, o, w: m(x, o, per_sample_weights=w))
    case("embedding_bag_max_last_offset", nn.EmbeddingBag(10, 4, mode="max", include_last_offset=True),
         torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 2, 2, 6, 8]))
    # ---- recurrent cells
    case("rnn_cell_tanh", nn.RNNCell(4, 5), rnd(3, 4), rnd(3, 5))
    case("rnn_cell_relu_no_hx", nn.RNNCell(4, 5, nonlinearity="relu"), rnd(3, 4))
    case("lstm_cell", nn.LSTMCell(4, 5), rnd(3, 4), rnd(3, 5), rnd(3, 5), call=lambda m, x, h, c: m(x, (h, c)))
    case("lstm_cell_unbatched_no_bias", nn.LSTMCell(4, 5, bias=False), rnd(4))
    case("gru_cell", nn.GRUCell(4, 5), rnd(3, 4), rnd(3, 5))
    # ---- transformers (eval: dropout off; no nested-tensor fast path)
    causal = nn.Transformer.generate_square_subsequent_mask(5)
    case("transformer_encoder_layer", nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), rnd(5, 2, 8), causal,
         call=lambda m, x, mask: m(x, src_mask=mask))
    kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    case("transformer_encoder_layer_norm_first_gelu",
         nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, activation="gelu", batch_first=True, norm_first=True,
                                    layer_norm_eps=1e-6),
         rnd(2, 5, 8), kpm, call=lambda m, x, k: m(x, src_key_padding_mask=k))
    case("transformer_decoder_layer",
         nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, batch_first=True),
         rnd(2, 4, 8), rnd(2, 5, 8), nn.Transformer.generate_square_subsequent_mask(4), kpm,
         call=lambda m, t, mem, tm, k: m(t, mem, tgt_mask=tm, memory_key_padding_mask=k))
    case("transformer_decoder_layer_norm_first",
         nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, norm_first=True, activation="gelu"),
         rnd(4, 2, 8), rnd(5, 2, 8))
    case("transformer_encoder",
         nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), 2, norm=nn.LayerNorm(8),
                               enable_nested_tensor=False),
         rnd(5, 2, 8))
    case("transformer",
         nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16,
                        batch_first=True, norm_first=True, activation="gelu"),
         rnd(2, 5, 8), rnd(2, 4, 8), nn.Transformer.generate_square_subsequent_mask(4),
         call=lambda m, s, t, tm: m(s, t, tgt_mask=tm))
    # ---- losses
    logits, cls = rnd(4, 5), torch.tensor([1, 0, 4, 2])
    case("cross_entropy_smoothing_weight_ignore",
         nn.CrossEntropyLoss(weight=torch.rand(5) + 0.5, ignore_index=4, label_smoothing=0.1), logits, cls)
    case("cross_entropy_nd_none", nn.CrossEntropyLoss(reduction="none", label_smoothing=0.2),
         rnd(2, 5, 3), torch.tensor([[1, 0, 4], [2, 2, 3]]))
    case("cross_entropy_probabilities", nn.CrossEntropyLoss(reduction="sum", label_smoothing=0.1),
         logits, torch.softmax(rnd(4, 5), 1))
    case("cross_entropy_plain", nn.CrossEntropyLoss(), logits, cls)
    case("nll_loss_weight_ignore", nn.NLLLoss(weight=torch.rand(5) + 0.5, ignore_index=0),
         torch.log_softmax(logits, 1), cls)
    case("nll_loss_nd_sum", nn.NLLLoss(reduction="sum"), torch.log_softmax(rnd(2, 5, 3), 1),
         torch.tensor([[1, 0, 4], [2, 2, 3]]))
    case("bce_with_logits_pos_weight", nn.BCEWithLogitsLoss(weight=torch.rand(3) + 0.5, pos_weight=torch.rand(3) + 0.5),
         rnd(4, 3) * 4, torch.rand(4, 3))
    case("bce_with_logits_none", nn.BCEWithLogitsLoss(reduction="none"), rnd(4, 3) * 4, (torch.rand(4, 3) > 0.5).float())
    case("kl_div_batchmean", nn.KLDivLoss(reduction="batchmean"), torch.log_softmax(rnd(3, 4), 1),
         torch.tensor([[0.5, 0.5, 0.0, 0.0], [0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]]))
    case("kl_div_log_target_sum", nn.KLDivLoss(reduction="sum", log_target=True), torch.log_softmax(rnd(3, 4), 1),
         torch.log_softmax(rnd(3, 4), 1))
    case("mse_loss", nn.MSELoss(), rnd(3, 4), rnd(3, 4))
    case("l1_loss_sum", nn.L1Loss(reduction="sum"), rnd(3, 4), rnd(3, 4))
    case("smooth_l1_loss_beta", nn.SmoothL1Loss(beta=0.5), rnd(3, 4), rnd(3, 4))
    case("smooth_l1_loss_none", nn.SmoothL1Loss(reduction="none"), rnd(3, 4) * 2, rnd(3, 4))
    # ---- containers and options
    case("sequential_named", nn.Sequential(collections.OrderedDict([
        ("conv", nn.Conv2d(4, 8, 3, stride=2, padding=1, groups=4, bias=False)),
        ("bn", nn.BatchNorm2d(8, eps=1e-3)),
        ("act", nn.ReLU()),
        ("pool", nn.MaxPool2d(2, ceil_mode=True)),
        ("drop", nn.Identity())])), rnd(2, 4, 7, 7))

    class DictAndParams(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleDict({"proj": nn.Linear(3, 4), "out": nn.Linear(4, 2, bias=False)})
            self.scales = nn.ParameterList([nn.Parameter(torch.rand(4)), nn.Parameter(torch.rand(2))])

        def forward(self, x):
            return self.blocks["out"](self.blocks["proj"](x) * self.scales[0]) + self.scales[1]

    case("module_dict_parameter_list", DictAndParams(), rnd(2, 3))
    case("conv1d_options", nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2), rnd(2, 4, 9))
    case("conv3d_options", nn.Conv3d(2, 4, (2, 3, 3), stride=(1, 2, 1), padding=(0, 1, 1), bias=False), rnd(1, 2, 3, 5, 4))
    # ---- defaults: the layers built with their required arguments only
    case("avg_pool3d_defaults", nn.AvgPool3d(2), rnd(1, 2, 4, 4, 5))
    case("embedding_bag_defaults", nn.EmbeddingBag(10, 3), torch.tensor([[1, 2, 3], [4, 4, 9]]))
    case("transformer_encoder_layer_defaults", nn.TransformerEncoderLayer(4, 2), rnd(3, 2, 4))
    case("smooth_l1_loss_defaults", nn.SmoothL1Loss(), rnd(3, 4), rnd(3, 4))
    case("kl_div_defaults", nn.KLDivLoss(), torch.log_softmax(rnd(3, 4), 1), torch.softmax(rnd(3, 4), 1))
    case("bce_with_logits_defaults", nn.BCEWithLogitsLoss(), rnd(4, 3), torch.rand(4, 3))
    case("nll_loss_defaults", nn.NLLLoss(), torch.log_softmax(rnd(4, 5), 1), torch.tensor([1, 0, 4, 2]))
    case("upsample_bilinear2d_recompute", nn.Upsample(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True),
         rnd(1, 2, 4, 5))
    case_shapes("transformer_defaults_shapes", nn.Transformer())
    case_shapes("transformer_decoder_layer_defaults_shapes", nn.TransformerDecoderLayer(512, 8))
    case_shapes("batch_norm2d_defaults_shapes", nn.BatchNorm2d(16))


def main():
    build()
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".safetensors"):
            os.remove(os.path.join(OUT, f))
    total = 0
    for name, (t, meta) in CASES.items():
        p = os.path.join(OUT, name + ".safetensors")
        save(p, t, meta)
        total += os.path.getsize(p)
    print("%d cases, %d bytes in %s" % (len(CASES), total, os.path.normpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
