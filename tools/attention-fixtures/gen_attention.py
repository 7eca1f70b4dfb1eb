#!/usr/bin/python3
"""Writes PyTorch ground truth for the transformer ops that ONNX fuses from opset 23 (issue 18):
aten::rms_norm, aten::scaled_dot_product_attention and onnxport::rotary_embedding.

Run with the Debian torch (python3-torch 1.13): /usr/bin/python3 tools/attention-fixtures/gen_attention.py
Output: spi/src/test/resources/dev/onnxport/ops/attention/<case>.safetensors, each holding the inputs
(in/<name>), the expected output (out) and in the metadata the op ("op") and its other arguments as JSON
("args"). torch 1.13 has none of these ops, so the reference is written here as the models write it:
transformers' LlamaRMSNorm and rotate_half / GPT-J's rotate_every_two, and the math of torch's
scaled_dot_product_attention documentation (repeat_interleave for grouped-query heads), all in float64 and
rounded to float32 at the end. No test runs Python.
"""
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "spi", "src", "test", "resources", "dev", "onnxport", "ops", "attention")
DT = {torch.float32: "F32", torch.int64: "I64", torch.bool: "BOOL"}


def save(name, tensors, meta):
    header, blobs, off = {}, [], 0
    for key, t in tensors.items():
        t = t.detach().contiguous().cpu()
        raw = t.numpy().tobytes() if t.dtype != torch.bool else bytes(t.to(torch.uint8).flatten().tolist())
        header[key] = {"dtype": DT[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    header["__metadata__"] = {k: v if isinstance(v, str) else json.dumps(v) for k, v in meta.items()}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(os.path.join(OUT, name + ".safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rms_norm(x, shape, weight, eps):
    dims = tuple(range(x.dim() - len(shape), x.dim()))
    x = x.double()
    if eps is None:
        eps = torch.finfo(torch.float32).eps
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    return (y if weight is None else weight.double() * y).float()


def sdpa(q, k, v, mask=None, is_causal=False, scale=None, enable_gqa=False):
    q, k, v = q.double(), k.double(), v.double()
    L, S = q.size(-2), k.size(-2)
    scale = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    bias = torch.zeros(L, S, dtype=torch.float64)
    if is_causal:
        bias.masked_fill_(torch.ones(L, S, dtype=torch.bool).tril().logical_not(), float("-inf"))
    if mask is not None:
        bias = bias + (torch.zeros_like(mask, dtype=torch.float64).masked_fill(mask.logical_not(), float("-inf"))
                       if mask.dtype == torch.bool else mask.double())
    if enable_gqa:
        k = k.repeat_interleave(q.size(-3) // k.size(-3), -3)
        v = v.repeat_interleave(q.size(-3) // v.size(-3), -3)
    w = torch.softmax(q @ k.transpose(-2, -1) * scale + bias, dim=-1)
    return (w @ v).float()


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def rotate_every_two(x):
    return torch.stack((-x[..., 1::2], x[..., ::2]), dim=-1).flatten(-2)


def rotary(x, cos, sin, interleaved):
    """x [b, h, s, d]; cos, sin [b, s, r/2]; the first r features rotate."""
    x = x.double()
    r = 2 * cos.size(-1)
    c, s = cos.double().unsqueeze(1), sin.double().unsqueeze(1)
    xr, rest = x[..., :r], x[..., r:]
    if interleaved:
        c2, s2 = c.repeat_interleave(2, -1), s.repeat_interleave(2, -1)
        y = xr * c2 + rotate_every_two(xr) * s2
    else:
        c2, s2 = torch.cat((c, c), -1), torch.cat((s, s), -1)
        y = xr * c2 + rotate_half(xr) * s2
    return torch.cat((y, rest), -1).float()


def tables(batch, seq, r, theta=10000.0, offset=0):
    inv = 1.0 / (theta ** (torch.arange(0, r, 2, dtype=torch.float32) / r))
    pos = torch.arange(offset, offset + seq, dtype=torch.float32).unsqueeze(0).expand(batch, seq) + \
        torch.arange(batch, dtype=torch.float32).unsqueeze(1)
    f = pos.unsqueeze(-1) * inv
    return f.cos(), f.sin()


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(18)
    rnd = lambda *s: torch.randn(*s, generator=g)
    # rms_norm
    x, w = rnd(2, 5, 16), rnd(16)
    save("rms_weight", {"in/input": x, "in/weight": w, "out": rms_norm(x, [16], w, 1e-6)},
         {"op": "rms_norm", "args": {"normalized_shape": [16], "eps": 1e-6}})
    x = rnd(3, 4, 8) * 3
    save("rms_no_weight_default_eps", {"in/input": x, "out": rms_norm(x, [4, 8], None, None)},
         {"op": "rms_norm", "args": {"normalized_shape": [4, 8]}})
    # scaled_dot_product_attention
    q, k, v = rnd(2, 4, 5, 8), rnd(2, 4, 5, 8), rnd(2, 4, 5, 8)
    save("sdpa_plain", {"in/query": q, "in/key": k, "in/value": v, "out": sdpa(q, k, v)}, {"op": "sdpa", "args": {}})
    q, k, v = rnd(2, 4, 6, 8), rnd(2, 4, 6, 8), rnd(2, 4, 6, 8)
    save("sdpa_causal", {"in/query": q, "in/key": k, "in/value": v, "out": sdpa(q, k, v, is_causal=True)},
         {"op": "sdpa", "args": {"is_causal": True}})
    q, k, v = rnd(1, 2, 3, 8), rnd(1, 2, 7, 8), rnd(1, 2, 7, 8)
    save("sdpa_causal_upper_left", {"in/query": q, "in/key": k, "in/value": v, "out": sdpa(q, k, v, is_causal=True)},
         {"op": "sdpa", "args": {"is_causal": True}})
    q, k, v = rnd(2, 4, 5, 8), rnd(2, 4, 7, 8), rnd(2, 4, 7, 6)
    m = rnd(2, 1, 5, 7)
    m[0, 0, :, 5:] = -3.4028234663852886e38
    save("sdpa_additive_mask", {"in/query": q, "in/key": k, "in/value": v, "in/attn_mask": m, "out": sdpa(q, k, v, m)},
         {"op": "sdpa", "args": {}})
    bm = torch.rand(5, 7, generator=g) > 0.3
    bm[:, 0] = True
    save("sdpa_bool_mask_scale", {"in/query": q, "in/key": k, "in/value": v, "in/attn_mask": bm,
                                  "out": sdpa(q, k, v, bm, scale=0.3)}, {"op": "sdpa", "args": {"scale": 0.3}})
    # grouped-query heads: 8 query heads over 2 key/value heads; a cache of 4 before 3 new queries
    q, k, v = rnd(2, 8, 3, 16), rnd(2, 2, 7, 16), rnd(2, 2, 7, 16)
    keep = torch.ones(2, 7, dtype=torch.bool)
    keep[1, :2] = False                                     # left padding of the second row
    causal = torch.ones(7, 7, dtype=torch.bool).tril()[4:]  # rows of the 3 new queries
    m = torch.zeros(2, 1, 3, 7).masked_fill((causal & keep[:, None, None, :]).logical_not(), -3.4028234663852886e38)
    save("sdpa_gqa_cache_mask", {"in/query": q, "in/key": k, "in/value": v, "in/attn_mask": m,
                                 "out": sdpa(q, k, v, m, enable_gqa=True)}, {"op": "sdpa", "args": {"enable_gqa": True}})
    m = rnd(2, 8, 3, 7)
    save("sdpa_gqa_per_head_mask", {"in/query": q, "in/key": k, "in/value": v, "in/attn_mask": m,
                                    "out": sdpa(q, k, v, m, enable_gqa=True)}, {"op": "sdpa", "args": {"enable_gqa": True}})
    save("sdpa_gqa_causal", {"in/query": q[:, :, :3], "in/key": k[:, :, :3], "in/value": v[:, :, :3],
                             "out": sdpa(q[:, :, :3], k[:, :, :3], v[:, :, :3], is_causal=True, enable_gqa=True)},
         {"op": "sdpa", "args": {"is_causal": True, "enable_gqa": True}})
    q, k, v = rnd(3, 5, 4), rnd(3, 6, 4), rnd(3, 6, 4)
    save("sdpa_rank3", {"in/query": q, "in/key": k, "in/value": v, "out": sdpa(q, k, v)}, {"op": "sdpa", "args": {}})
    # rotary_embedding
    x = rnd(2, 4, 5, 16)
    c, s = tables(2, 5, 16, offset=3)
    save("rotary_halves", {"in/input": x, "in/cos": c, "in/sin": s, "out": rotary(x, c, s, False)}, {"op": "rotary", "args": {}})
    c, s = tables(2, 5, 8)
    save("rotary_partial", {"in/input": x, "in/cos": c, "in/sin": s, "out": rotary(x, c, s, False)}, {"op": "rotary", "args": {}})
    c, s = tables(2, 5, 16, theta=500.0)
    save("rotary_interleaved", {"in/input": x, "in/cos": c, "in/sin": s, "out": rotary(x, c, s, True)},
         {"op": "rotary", "args": {"interleaved": True}})


if __name__ == "__main__":
    main()
