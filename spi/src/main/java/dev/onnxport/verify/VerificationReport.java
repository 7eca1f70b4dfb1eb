package dev.onnxport.verify;

import java.util.List;

/** Per-output results of comparing a model's computed outputs with expected values. */
public record VerificationReport(String runtime, List<Output> outputs) {
    public VerificationReport {
        outputs = List.copyOf(outputs);
    }

    /**
     * One output: name, whether it passed, the largest absolute and relative errors, the flat index of the
     * worst element, and a fault (shape or dtype mismatch, missing output, a run that failed) or null.
     */
    public record Output(String name, boolean passed, double maxAbsError, double maxRelError, long worstIndex, String fault) {
        /** A failed output without numbers. */
        public static Output fault(String name, String why) {
            return new Output(name, false, Double.NaN, Double.NaN, -1, why);
        }
    }

    public boolean passed() { return outputs.stream().allMatch(Output::passed); }

    /** One line per output, for people. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Output o : outputs) sb.append(line(o)).append('\n');
        return sb.toString();
    }

    /** {@code name: ok max|err| 1.2e-06, max rel 3.4e-07}, or {@code name: MISMATCH (fault)}. */
    public static String line(Output o) {
        String s = o.name() + ": " + (o.passed() ? "ok" : "MISMATCH");
        return o.fault() != null ? s + " (" + o.fault() + ")"
                : s + String.format(" max|err| %.3g, max rel %.3g", o.maxAbsError(), o.maxRelError());
    }
}
