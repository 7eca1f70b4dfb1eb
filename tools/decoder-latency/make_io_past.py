"""Writes io_past.safetensors into a Llama checkpoint folder: the trace inputs that
../shared/fixtures/generator/export_torch_hf.py reads (a cached step of batch 1: 3 new tokens after 2 cached ones,
the cache zeros). Only the names, dtypes and ranks matter to the export; its dynamic axes make the sizes free.
Usage: make_io_past.py CHECKPOINT_DIR GENERATOR_DIR"""
import json, os, sys
import torch

def main(d, generator):
    sys.path.insert(0, generator)
    import safetensors_io
    cfg = json.load(open(os.path.join(d, "config.json")))
    kv = cfg.get("num_key_value_heads", cfg["num_attention_heads"])
    hd = cfg.get("head_dim", cfg["hidden_size"] // cfg["num_attention_heads"])
    past, new = 2, 3
    t = {"input_ids": torch.arange(3, 3 + new).reshape(1, new),
         "attention_mask": torch.ones(1, past + new, dtype=torch.long),
         "position_ids": torch.arange(past, past + new).reshape(1, new)}
    for i in range(cfg["num_hidden_layers"]):
        for w in ("key", "value"):
            t[f"past_key_values.{i}.{w}"] = torch.zeros(1, kv, past, hd)
    safetensors_io.save(t, os.path.join(d, "io_past.safetensors"))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
