package dev.onnxport.verify;

import java.util.Map;

/**
 * One verification run: its label ({@code example inputs}, {@code batch=1}), the size of each dynamic dim symbol
 * in it, and the per-output comparison of the runtime with the eager model. When the runtime could not run the
 * model at these sizes, {@code runFault} says why and the report holds that one fault (else it is null).
 */
public record SizeRun(String label, Map<String, Long> sizes, VerificationReport report, String runFault) {
    public SizeRun {
        sizes = Map.copyOf(sizes);
    }

    public boolean passed() { return report.passed(); }

    /** True when the runtime ran the model and its outputs could be compared. */
    public boolean ran() { return runFault == null; }
}
