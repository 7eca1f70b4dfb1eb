package dev.onnxport.verify;

/**
 * How close a computed floating output must be to the expected one. Elementwise:
 * {@code |got - want| <= atol + rtol * |want|} for every element; scale-aware:
 * {@code max|got - want| <= atol + rtol * max|want|} over the whole output, which suits outputs whose small
 * elements are noise next to the large ones (logits). Integers and bools are always compared exactly.
 */
public record Tolerance(double rtol, double atol, boolean scaleAware) {
    /** rtol 1e-4, atol 1e-5 per element: the rule of the op fixtures. */
    public static final Tolerance ELEMENTWISE = new Tolerance(1e-4, 1e-5, false);
    /** rtol 1e-4, atol 1e-5 against the largest expected magnitude: the rule for model outputs. */
    public static final Tolerance SCALE_AWARE = new Tolerance(1e-4, 1e-5, true);

    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative numbers, got rtol " + rtol + ", atol " + atol);
        }
    }
}
