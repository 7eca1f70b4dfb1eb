#!/usr/bin/env bash
# Issue 18's latency measurement, end to end: a random Llama-shaped checkpoint, its exports by onnxport at opsets
# 17, 22 and 23 and by torch.onnx 1.13 at 17, then ONNX Runtime latency of all four interleaved (DecoderLatency) and
# of each fused operator against its decomposition (FusedOpLatency). See README.md beside this script.
# Usage: tools/decoder-latency/run.sh [--work DIR] [--rounds N] [--warmup N] [--op-rounds N]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=/tmp/decoder-latency rounds=40 warmup=5 op_rounds=300
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --op-rounds) op_rounds="$2"; shift 2 ;;
    *) echo "unknown argument '$1'; usage: $0 [--work DIR] [--rounds N] [--warmup N] [--op-rounds N]" >&2; exit 2 ;;
  esac
done
python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "error: $python cannot import torch; install it with: apt-get install python3-torch python3-onnx (or set PYTHON)" >&2
  exit 1
fi
generator="$(cd .. && pwd)/shared/fixtures/generator"
[ -f "$generator/export_torch_hf.py" ] || { echo "error: $generator/export_torch_hf.py is missing (../shared beside the checkout)" >&2; exit 1; }
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -o -q package -pl bench -am -DskipTests
mkdir -p "$work"
ckpt="$work/llama-160m"
if [ ! -f "$ckpt/config.json" ]; then
  # a Llama shape between TinyLlama's and the fixtures': 8 layers, hidden 1024, 16 heads over 4 KV heads, vocab 32000
  java -Xmx1g -cp "$jar" dev.onnxport.bench.RandomLlamaCheckpoint --out "$ckpt" --vocab 32000 --hidden 1024 \
       --intermediate 2816 --layers 8 --heads 16 --kv-heads 4 --max-positions 2048
fi
if [ ! -f "$work/torch-17.onnx" ]; then
  "$python" tools/decoder-latency/make_io_past.py "$ckpt" "$generator"
  "$python" "$generator/export_torch_hf.py" "$ckpt" "$work/torch-17.onnx" 17
fi
for opset in 17 22 23; do
  ./onnxport export --hf "$ckpt" --opset "$opset" -o "$work/onnxport-$opset.onnx"
done
java -Xmx4g -cp "$jar" dev.onnxport.bench.DecoderLatency --rounds "$rounds" --warmup "$warmup" \
     "torch-17=$work/torch-17.onnx" "onnxport-17=$work/onnxport-17.onnx" "onnxport-22=$work/onnxport-22.onnx" \
     "onnxport-23=$work/onnxport-23.onnx"
# a longer prompt, where attention's share of the work grows with the square of the length
java -Xmx6g -cp "$jar" dev.onnxport.bench.DecoderLatency --prompt 512 --rounds "$(( rounds / 4 > 5 ? rounds / 4 : 5 ))" \
     --warmup 2 "torch-17=$work/torch-17.onnx" "onnxport-17=$work/onnxport-17.onnx" "onnxport-22=$work/onnxport-22.onnx" \
     "onnxport-23=$work/onnxport-23.onnx"
java -Xmx2g -cp "$jar" dev.onnxport.bench.FusedOpLatency --rounds "$op_rounds" --warmup 20
