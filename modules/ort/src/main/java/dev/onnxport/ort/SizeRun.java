package dev.onnxport.ort;

import dev.onnxport.spi.VerificationReport;
import java.util.Map;

/**
 * One verification run: its label ({@code example inputs}, {@code batch=1}), the size of each dynamic dim symbol
 * in it, and the per-output comparison of the runtime with the eager model.
 */
public record SizeRun(String label, Map<String, Long> sizes, VerificationReport report) {
    public SizeRun {
        sizes = Map.copyOf(sizes);
    }

    public boolean passed() { return report.passed(); }
}
