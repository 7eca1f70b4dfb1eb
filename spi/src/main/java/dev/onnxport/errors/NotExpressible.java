package dev.onnxport.errors;

/**
 * A symbolic function cannot express this call at the target opset (an operator or form that ONNX only
 * has later, or arguments it cannot take). The ONNX lowering collects these with the ops that have no
 * symbolic function and reports them together in one {@link UnsupportedOperatorError}, whose record of the op
 * carries this {@link #fromOpset()} and, as its reason, this message. Custom symbolic functions may raise it too.
 */
public final class NotExpressible extends SymbolicValueError {
    private final int fromOpset;

    /** {@code fromOpset}: the lowest opset where the call works, or 0 when none does. */
    public NotExpressible(String message, int fromOpset) {
        super(message);
        this.fromOpset = fromOpset;
    }

    public int fromOpset() { return fromOpset; }
}
