package dev.onnxport.ort;

import dev.onnxport.spi.Tolerance;
import dev.onnxport.tensor.DType;
import java.util.EnumMap;
import java.util.Map;

/**
 * A {@link Tolerance} per floating dtype, since float64, float32 and the 16-bit types cannot be held to the same
 * bound; integer and bool outputs are always compared exactly (see {@link TensorComparison}).
 */
public final class DtypeTolerances {
    private final Map<DType, Tolerance> byDtype;

    private DtypeTolerances(Map<DType, Tolerance> byDtype) { this.byDtype = byDtype; }

    /** float32 1e-4/1e-5 (like {@link Tolerance#DEFAULT}), float64 1e-7/1e-7, float16 1e-3/1e-5, bfloat16 1.6e-2/1e-5. */
    public static DtypeTolerances defaults() {
        Map<DType, Tolerance> m = new EnumMap<>(DType.class);
        m.put(DType.FLOAT32, Tolerance.DEFAULT);
        m.put(DType.FLOAT64, new Tolerance(1e-7, 1e-7, false));
        m.put(DType.FLOAT16, new Tolerance(1e-3, 1e-5, false));
        m.put(DType.BFLOAT16, new Tolerance(1.6e-2, 1e-5, false));
        return new DtypeTolerances(m);
    }

    /** The same tolerance for every dtype. */
    public static DtypeTolerances uniform(Tolerance t) {
        Map<DType, Tolerance> m = new EnumMap<>(DType.class);
        for (DType d : DType.values()) m.put(d, t);
        return new DtypeTolerances(m);
    }

    /** These tolerances with {@code t} for {@code dtype}. */
    public DtypeTolerances with(DType dtype, Tolerance t) {
        Map<DType, Tolerance> m = new EnumMap<>(byDtype);
        m.put(dtype, t);
        return new DtypeTolerances(m);
    }

    /** The tolerance for outputs of {@code dtype} (exact types get float32's, which their exact comparison ignores). */
    public Tolerance forDtype(DType dtype) {
        Tolerance t = byDtype.get(dtype);
        return t != null ? t : byDtype.getOrDefault(DType.FLOAT32, Tolerance.DEFAULT);
    }
}
