package dev.onnxport.spi;

/**
 * How close two outputs must be. Elementwise: {@code |got - want| <= atol + rtol * |want|}; scale-aware:
 * {@code max|got - want| <= atol + rtol * max|want|} over the whole output (suits outputs whose small
 * elements are noise, like logits). Integers and bools must match exactly.
 */
public record Tolerance(double rtol, double atol, boolean scaleAware) {
    public static final Tolerance DEFAULT = new Tolerance(1e-4, 1e-5, false);
    public static final Tolerance SCALE_AWARE = new Tolerance(1e-4, 1e-5, true);
}
