#!/usr/bin/env bash
# Mutation check (PIT, profile "mutation"): mutates the lowering (modules/onnx: dev.onnxport.onnx.lowering), the passes
# (spi: dev.onnxport.ir.passes, dev.onnxport.onnx.passes) and the structural checker (spi: dev.onnxport.onnx.checker),
# runs the fast tests of those packages against each mutant, and prints the score per package and in all.
# Usage: tools/mutation.sh            both modules (about 25 minutes on 2 cores)
#        tools/mutation.sh spi        the passes and the checker only (about 3 minutes)
# Reports: spi/target/pit-reports/index.html, modules/onnx/target/pit-reports/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:-modules/onnx}
shift || true
mvn -B -Pmutation -pl "$module" -am test-compile org.pitest:pitest-maven:mutationCoverage "$@"

reports=(spi/target/pit-reports/mutations.xml)
[ "$module" = spi ] || reports+=(modules/onnx/target/pit-reports/mutations.xml)
# One line per mutant: package and status (KILLED, SURVIVED, NO_COVERAGE, TIMED_OUT, MEMORY_ERROR, RUN_ERROR).
# PIT counts killed, timed-out and memory-error mutants as detected.
cat "${reports[@]}" | tr -d '\n' | sed 's/<mutation /\n<mutation /g' | grep '^<mutation ' \
  | sed -E "s/.*status='([A-Z_]+)'.*<mutatedClass>([^<]*)<\/mutatedClass>.*/\2 \1/" \
  | awk '{ pkg = $1; sub(/\.[^.]*$/, "", pkg); sub(/\$.*/, "", pkg);
           total[pkg]++; all++;
           if ($2 == "KILLED" || $2 == "TIMED_OUT" || $2 == "MEMORY_ERROR") { det[pkg]++; alldet++ }
           if ($2 == "NO_COVERAGE") { nocov[pkg]++; allnocov++ } }
         END { printf "%-30s %8s %9s %12s %6s\n", "package", "mutants", "detected", "no coverage", "score";
               for (p in total) printf "%-30s %8d %9d %12d %5.0f%%\n", p, total[p], det[p], nocov[p], 100 * det[p] / total[p];
               printf "%-30s %8d %9d %12d %5.0f%%\n", "all", all, alldet, allnocov, 100 * alldet / all }'
