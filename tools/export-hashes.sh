#!/usr/bin/env bash
# Prints one line per export, "WHAT OPSET TYPE SHA256" (or "FAILED: reason"), for the 8 fixture models and
# the zoo at opsets 9, 13, 17 and 22: run it before and after a refactor and diff the two outputs to prove
# the refactor wrote the same files byte for byte.
#   tools/export-hashes.sh > before.txt      (ONNXPORT=/path/to/command to use another build)
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${ONNXPORT:-$here/onnxport}"
fixtures="${FIXTURES:-$here/../shared/fixtures/models}"
opsets="${OPSETS:-9 13 17 22}"
zoo="${ZOO:-mlp lenet resnet18 resnet34 resnet50 resnet101 resnet152 mobilenet_v2 tiny_gpt gpt2-tiny gpt2 tiny_bert bert-base lstm_tagger gru_bidir}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

one() {  # label opset type args...
  local label="$1" opset="$2" type="$3"; shift 3
  local f="$out/m.onnx" err
  rm -f "$f"
  if err="$($cmd export "$@" --opset "$opset" --type "$type" -o "$f" 2>&1 >/dev/null)"; then
    echo "$label $opset $type $(sha256sum "$f" | cut -d' ' -f1)"
  else
    echo "$label $opset $type FAILED: $(echo "$err" | tail -1)"
  fi
}

for d in "$fixtures"/*/; do
  name="$(basename "$d")"
  for o in $opsets; do one "fixture:$name" "$o" ONNX --fixture "$d"; done
  one "fixture:$name" 17 ONNX_ATEN --fixture "$d"
  one "fixture:$name" 17 ONNX_FALLTHROUGH --fixture "$d"
done
for m in $zoo; do
  for o in $opsets; do one "zoo:$m" "$o" ONNX --model "$m"; done
done
