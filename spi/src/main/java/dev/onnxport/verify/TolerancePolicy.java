package dev.onnxport.verify;

import dev.onnxport.tensor.DType;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which {@link Tolerance} each floating dtype is held to, since float64, float32 and the 16-bit types cannot be
 * held to the same bound; integer and bool outputs are always compared exactly (see {@link TensorComparison}).
 * Immutable.
 */
public final class TolerancePolicy {
    private final Map<DType, Tolerance> byDtype;
    private final boolean allowNonFinite;

    private TolerancePolicy(Map<DType, Tolerance> byDtype) { this(byDtype, false); }

    private TolerancePolicy(Map<DType, Tolerance> byDtype, boolean allowNonFinite) {
        this.byDtype = byDtype;
        this.allowNonFinite = allowNonFinite;
    }

    /**
     * Whether outputs may hold NaN or infinity. When false (the default of {@link #modelOutputs()}), an output
     * with any NaN or infinite element, computed or expected, fails even where both sides agree: a model that
     * computes NaN is broken, and NaN equal to NaN proves nothing. When true, they pass where both sides agree
     * element by element (NaN with NaN, each infinity with the same one). {@link #elementwise()} and
     * {@link #uniform} allow them: op fixtures test NaN and infinity semantics on purpose.
     */
    public boolean allowsNonFinite() { return allowNonFinite; }

    /** This policy, with NaN and infinity allowed (where both sides agree) or not. */
    public TolerancePolicy allowNonFinite(boolean allow) { return new TolerancePolicy(byDtype, allow); }

    /**
     * The default, for model outputs (eager or PyTorch's against a runtime's), all scale-aware: float32
     * {@link Tolerance#SCALE_AWARE} (rtol 1e-4, atol 1e-5), float64 1e-7/1e-7, float16 1e-3/1e-5, bfloat16 1.6e-2/1e-5;
     * NaN and infinity not allowed (see {@link #allowsNonFinite()}).
     */
    public static TolerancePolicy modelOutputs() {
        Map<DType, Tolerance> m = new EnumMap<>(DType.class);
        m.put(DType.FLOAT32, Tolerance.SCALE_AWARE);
        m.put(DType.FLOAT64, new Tolerance(1e-7, 1e-7, true));
        m.put(DType.FLOAT16, new Tolerance(1e-3, 1e-5, true));
        m.put(DType.BFLOAT16, new Tolerance(1.6e-2, 1e-5, true));
        return new TolerancePolicy(m);
    }

    /**
     * The op fixtures' rule: every element within {@link Tolerance#ELEMENTWISE} (rtol 1e-4, atol 1e-5) whatever its
     * floating dtype; float16 and bfloat16 still get their precision floors (see {@link TensorComparison}).
     */
    public static TolerancePolicy elementwise() { return uniform(Tolerance.ELEMENTWISE); }

    /** The same tolerance for every dtype. */
    public static TolerancePolicy uniform(Tolerance t) {
        Map<DType, Tolerance> m = new EnumMap<>(DType.class);
        for (DType d : DType.values()) m.put(d, t);
        return new TolerancePolicy(m, true);
    }

    /** This policy with {@code t} for {@code dtype}. */
    public TolerancePolicy with(DType dtype, Tolerance t) {
        Map<DType, Tolerance> m = new EnumMap<>(byDtype);
        m.put(dtype, t);
        return new TolerancePolicy(m, allowNonFinite);
    }

    /** The tolerance for outputs of {@code dtype} (exact types get float32's, which their exact comparison ignores). */
    public Tolerance forDtype(DType dtype) {
        Tolerance t = byDtype.get(dtype);
        return t != null ? t : byDtype.getOrDefault(DType.FLOAT32, Tolerance.SCALE_AWARE);
    }

    @Override
    public String toString() { return "TolerancePolicy" + byDtype + (allowNonFinite ? ", non-finite allowed" : ""); }
}
