package dev.onnxport.errors;

import java.util.List;
import java.util.Objects;

/**
 * One or more operators have no conversion at the target opset. The message lists each of them for people; the
 * same facts are {@link #operators() records} for programs, which never need to read the message.
 */
public class UnsupportedOperatorError extends OnnxExporterError {
    /**
     * One operator the export could not convert.
     *
     * @param op          the operator as traced, e.g. {@code aten::masked_fill.Scalar} or {@code mydomain::scaled_tanh}
     * @param count       how many calls (nodes) of it the graph holds, at least 1
     * @param firstSource the Java source line of the first call, e.g. {@code MyModel.java:42}; null when unknown
     * @param fromOpset   the lowest default-domain opset at which it converts, or 0 when it converts at none
     * @param reason      why it could not be converted, or null when nothing more is known
     */
    public record Operator(String op, int count, String firstSource, int fromOpset, String reason) {
        public Operator {
            Objects.requireNonNull(op, "op");
            if (count < 1) throw new IllegalArgumentException("count " + count + " of " + op + " must be at least 1");
            if (fromOpset < 0) throw new IllegalArgumentException("fromOpset " + fromOpset + " of " + op + " must be 0 or an opset");
        }

        /** True when the operator converts at some opset above {@code opset}: the call only needs a later opset. */
        public boolean supportedFromLaterOpset(int opset) { return fromOpset > opset; }
    }

    private final int opset;
    private final List<Operator> operators;

    /** An error whose message says what is unsupported, with no records (see {@link #operators()}). */
    public UnsupportedOperatorError(String message) { this(message, 0, List.of()); }

    /**
     * @param message   the human-readable list
     * @param opset     the default-domain opset of the failed export, 0 when none applies
     * @param operators the operators the message lists, in its order
     */
    public UnsupportedOperatorError(String message, int opset, List<Operator> operators) {
        super(message);
        this.opset = opset;
        this.operators = List.copyOf(operators);
    }

    /** The default-domain opset the export targeted; 0 when the error is not about one. */
    public int opset() { return opset; }

    /** The operators that could not be converted, one record per operator (empty when the thrower gave none). */
    public List<Operator> operators() { return operators; }

    /**
     * True when there are records and every listed operator converts at an opset above {@link #opset()}: the model
     * is not expressible at this opset but would be at a later one.
     */
    public boolean onlyLaterOpsetsWork() {
        return !operators.isEmpty() && operators.stream().allMatch(o -> o.supportedFromLaterOpset(opset));
    }
}
