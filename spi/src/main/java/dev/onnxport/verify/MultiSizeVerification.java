package dev.onnxport.verify;

import java.util.List;

/**
 * The result of {@link VerificationService#verify}: one run on the example inputs, then one per other size of each
 * dynamic dim symbol; and, when a run failed and the export's graphs were at hand, the first divergent node, or when
 * no ONNX node departs from the traced graph, a diagnosis saying where else the fault lies (else null).
 */
public record MultiSizeVerification(List<SizeRun> runs, Divergence divergence, String diagnosis) {
    public MultiSizeVerification {
        runs = List.copyOf(runs);
    }

    public boolean passed() { return runs.stream().allMatch(SizeRun::passed); }

    /** The first failed run, or null. */
    public SizeRun firstFailure() { return runs.stream().filter(r -> !r.passed()).findFirst().orElse(null); }

    /** Per run, one line per output; then the divergent node when known. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (SizeRun r : runs) {
            sb.append("[").append(r.label()).append("] ").append(r.passed() ? "ok" : "MISMATCH").append('\n');
            r.report().summary().lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        if (divergence != null) sb.append(divergence.describe()).append('\n');
        if (diagnosis != null) sb.append(diagnosis).append('\n');
        return sb.toString();
    }
}
