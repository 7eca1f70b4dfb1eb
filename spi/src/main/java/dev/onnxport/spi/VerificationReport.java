package dev.onnxport.spi;

import java.util.List;

/** Per-output results of running an exported model and comparing it with expected values. */
public record VerificationReport(String runtime, List<Output> outputs) {

    /**
     * One output: name, whether it passed, the largest absolute and relative errors, the flat index of the
     * worst element, and a fault (shape or dtype mismatch, missing output) or null.
     */
    public record Output(String name, boolean passed, double maxAbsError, double maxRelError, long worstIndex, String fault) {}

    public boolean passed() { return outputs.stream().allMatch(Output::passed); }

    /** One line per output, for people. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Output o : outputs) {
            sb.append(o.name()).append(": ").append(o.passed() ? "ok" : "MISMATCH");
            if (o.fault() != null) sb.append(" (").append(o.fault()).append(')');
            else sb.append(String.format(" max|err| %.3g, max rel %.3g", o.maxAbsError(), o.maxRelError()));
            sb.append('\n');
        }
        return sb.toString();
    }
}
