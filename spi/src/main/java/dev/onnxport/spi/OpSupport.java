package dev.onnxport.spi;

/**
 * An export mode's answer to "do you export this operator at this opset?" ({@link ExportMode#supports}): yes; not at
 * this opset but from a later one ({@link #fromOpset()}); or no.
 *
 * @param kind      the answer
 * @param fromOpset for {@link Kind#FROM_LATER_OPSET}, the lowest opset at which the op is exported; 0 otherwise
 */
public record OpSupport(Kind kind, int fromOpset) {
    public enum Kind { YES, FROM_LATER_OPSET, NO }

    public static final OpSupport YES = new OpSupport(Kind.YES, 0);
    public static final OpSupport NO = new OpSupport(Kind.NO, 0);

    public OpSupport {
        if (kind == null) throw new IllegalArgumentException("kind must not be null");
        if ((kind == Kind.FROM_LATER_OPSET) != (fromOpset > 0)) {
            throw new IllegalArgumentException(kind + " with fromOpset " + fromOpset
                    + ": only FROM_LATER_OPSET has an opset, and it must be positive");
        }
    }

    /** Not exported at the asked opset, but from {@code opset} on. */
    public static OpSupport fromOpset(int opset) { return new OpSupport(Kind.FROM_LATER_OPSET, opset); }

    /** True when the op is exported at the asked opset. */
    public boolean supported() { return kind == Kind.YES; }
}
