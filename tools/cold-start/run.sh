#!/usr/bin/env bash
# Cold start, whole process against whole process (bench/README.md, "Cold start against torch.onnx 1.13"):
# for each model, N pairs run interleaved, onnxport then torch, each a fresh process from the same safetensors
# checkpoint to an ONNX file; prints every run's wall and CPU seconds, then min / median / max and the ratios.
#   tools/cold-start/run.sh [PAIRS] [MODEL...]        (default 5 pairs; gpt2 resnet50)
# Environment: DIR (inputs and outputs, default /tmp/onnxport-cold; the inputs are written there on first use),
# ONNXPORT (the command, default this checkout's ./onnxport: mind that the launcher builds stale jars first, so
# build before timing), PYTHON (a python with torch 1.13 and torchvision 0.14, default /usr/bin/python3),
# LOCK (a file to flock around the whole comparison, so that it never overlaps another benchmark; none by default).
# SETTLE=1: `sync` (untimed) before every timed run, so that no run pays for the write-back of the file the run
# before it left in the page cache (torch does not sync its 652 MB; the onnxport run after it then shared the disk
# with that write-back). Off by default, as the earlier figures were taken.
# One warm-up run of each side precedes the pairs (it also makes onnxport's class-data-sharing archive).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pairs="${1:-5}"; shift || true
models=("$@"); [ ${#models[@]} -gt 0 ] || models=(gpt2 resnet50)
dir="${DIR:-/tmp/onnxport-cold}"
onnxport="${ONNXPORT:-$repo/onnxport}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$dir"
for m in "${models[@]}"; do
  [ -f "$dir/$m.safetensors" ] || "$python" "$here/cold_torch.py" inputs "$dir"
done

if [ -n "${LOCK:-}" ] && [ -z "${COLD_START_LOCKED:-}" ]; then
  COLD_START_LOCKED=1 exec flock "$LOCK" "$0" "$pairs" "${models[@]}"
fi

timed() {  # label side -> "label wall cpu" (the side's command run under /usr/bin/time)
  local label="$1" t; shift
  [ "${SETTLE:-0}" = 1 ] && sync
  "$@" /usr/bin/time -o "$dir/time.out" -f '%e %U %S' >/dev/null 2>&1 || { echo "$label failed" >&2; exit 1; }
  t="$(tail -1 "$dir/time.out")"
  set -- $t
  echo "$label $1 $(echo "$2 + $3" | bc)"
}
ours() { "$@" "$onnxport" export --model "$m" --weights "$dir/$m.safetensors" -o "$dir/$m.onnxport.onnx"; }
theirs() { "$@" "$python" "$here/cold_torch.py" export "$m" "$dir/$m.safetensors" "$dir/$m.torch.onnx"; }

stats() {  # numbers on stdin -> "min median max"
  sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f %.2f %.2f", v[1], m, v[NR]}'
}

run() {
  for m in "${models[@]}"; do
    ours >/dev/null 2>&1; theirs >/dev/null 2>&1   # warm-up (page cache, CDS archive)
    local log="$dir/$m.times"; : > "$log"
    for i in $(seq "$pairs"); do
      timed onnxport ours | tee -a "$log"
      timed torch theirs | tee -a "$log"
    done
    read -r omin omed omax <<< "$(awk '$1=="onnxport"{print $2}' "$log" | stats)"
    read -r tmin tmed tmax <<< "$(awk '$1=="torch"{print $2}' "$log" | stats)"
    read -r _ ocpu _ <<< "$(awk '$1=="onnxport"{print $3}' "$log" | stats)"
    read -r _ tcpu _ <<< "$(awk '$1=="torch"{print $3}' "$log" | stats)"
    echo "| $m, $pairs pairs | $omin / $omed / $omax s | $tmin / $tmed / $tmax s |" \
      "$(echo "scale=3; $omed / $tmed" | bc) ($(echo "scale=1; $tmed / $omed" | bc)x faster) | $(echo "scale=3; $ocpu / $tcpu" | bc) |"
  done
}

run
