package dev.onnxport.tensor;

/**
 * PyTorch's type promotion ({@code torch.result_type}): tensors with dimensions outrank 0-d tensors,
 * which outrank Python scalars, but only within a category (bool &lt; integral &lt; floating); a
 * higher category always wins, with the default dtype float32 for a float scalar meeting integers.
 */
public final class TypePromotion {
    private TypePromotion() {}

    /** The dtype both {@code a} and {@code b} promote to (the standard lattice, sizes ignored). */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.isBool()) return b;
        if (b.isBool()) return a;
        if (a.isFloatingPoint() || b.isFloatingPoint()) {
            if (!a.isFloatingPoint()) return b;
            if (!b.isFloatingPoint()) return a;
            if (a == DType.FLOAT64 || b == DType.FLOAT64) return DType.FLOAT64;
            if (a == DType.FLOAT32 || b == DType.FLOAT32) return DType.FLOAT32;
            return DType.FLOAT32; // float16 with bfloat16
        }
        // both integral
        if (a == DType.UINT8 || b == DType.UINT8) {
            DType o = a == DType.UINT8 ? b : a;
            return o == DType.INT8 ? DType.INT16 : o;
        }
        return a.byteSize() >= b.byteSize() ? a : b;
    }

    /**
     * The result dtype of an operation over {@code operands}, each a {@link Tensor} or a Java scalar
     * ({@link Double}/{@link Float} for Python float, other {@link Number} for int, {@link Boolean} for bool).
     * Nulls are ignored.
     */
    public static DType resultType(Object... operands) {
        DType dimResult = null, zeroDimResult = null, scalarResult = null;
        for (Object o : operands) {
            if (o == null) continue;
            if (o instanceof Tensor t) {
                if (t.dim() > 0) dimResult = dimResult == null ? t.dtype() : promote(dimResult, t.dtype());
                else zeroDimResult = zeroDimResult == null ? t.dtype() : promote(zeroDimResult, t.dtype());
            } else {
                DType s = scalarType(o);
                scalarResult = scalarResult == null ? s : promote(scalarResult, s);
            }
        }
        DType r = dimResult;
        r = combine(r, zeroDimResult);
        r = combine(r, scalarResult == null ? null : scalarResult == DType.FLOAT64 ? DType.FLOAT32 : scalarResult);
        if (r == null) throw new IllegalArgumentException("no operands to promote");
        return r;
    }

    /** Lower-priority {@code low} only matters when it is of a higher category than {@code high}. */
    private static DType combine(DType high, DType low) {
        if (low == null) return high;
        if (high == null) return low;
        if (low.category().ordinal() > high.category().ordinal()) return low;
        return high;
    }

    /** The dtype PyTorch gives a Python scalar before defaults: float64 for float, int64 for int, bool. */
    public static DType scalarType(Object o) {
        if (o instanceof Boolean) return DType.BOOL;
        if (o instanceof Double || o instanceof Float) return DType.FLOAT64;
        if (o instanceof Number || o instanceof SymInt) return DType.INT64;
        throw new IllegalArgumentException("not a scalar: " + o);
    }

    /** The dtype of ops that always produce floating results (div, sqrt on ints): float32 for non-floats. */
    public static DType toFloating(DType d) {
        return d.isFloatingPoint() ? d : DType.FLOAT32;
    }
}
