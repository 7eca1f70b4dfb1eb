package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ShapeCopyOps.registerCopying;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: tensor creation and copies: arange, zeros, ones, full, *_like, to, clone, contiguous.
 * Without a dtype, factories follow PyTorch 1.13: float32 (the default dtype), or the fill value's
 * type for full and arange (int gives int64, bool gives bool).
 */
final class FactoryOps {
    private FactoryOps() {}

    private static final String FACTORY_KW = "*, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None";

    public static void register(OpRegistry r) {
        registerCopying(r, "aten::arange(Scalar end, " + FACTORY_KW + ") -> Tensor", (a, meta) -> arange(0L, a.scalar(0), 1L, a.dtype(1), meta));
        registerCopying(r, "aten::arange.start_step(Scalar start, Scalar end, Scalar step=1, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> arange(a.scalar(0), a.scalar(1), a.scalar(2), a.dtype(3), meta));
        registerCopying(r, "aten::zeros(SymInt[] size, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(1), DType.FLOAT32), a.ints(0), 0L, meta));
        registerCopying(r, "aten::ones(SymInt[] size, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(1), DType.FLOAT32), a.ints(0), 1L, meta));
        registerCopying(r, "aten::full(SymInt[] size, Scalar fill_value, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(2), scalarDType(a.scalar(1))), a.ints(0), a.scalar(1), meta));

        String likeKw = FACTORY_KW + ", MemoryFormat? memory_format=None) -> Tensor";
        registerCopying(r, "aten::zeros_like(Tensor self, " + likeKw,
                (a, meta) -> make(orDefault(a.dtype(1), a.tensor(0).dtype()), a.tensor(0).shape(), 0L, meta));
        registerCopying(r, "aten::ones_like(Tensor self, " + likeKw,
                (a, meta) -> make(orDefault(a.dtype(1), a.tensor(0).dtype()), a.tensor(0).shape(), 1L, meta));
        registerCopying(r, "aten::full_like(Tensor self, Scalar fill_value, " + likeKw,
                (a, meta) -> make(orDefault(a.dtype(2), a.tensor(0).dtype()), a.tensor(0).shape(), a.scalar(1), meta));

        registerCopying(r, "aten::new_zeros(Tensor self, SymInt[] size, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(2), a.tensor(0).dtype()), a.ints(1), 0L, meta));
        registerCopying(r, "aten::new_ones(Tensor self, SymInt[] size, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(2), a.tensor(0).dtype()), a.ints(1), 1L, meta));
        registerCopying(r, "aten::new_full(Tensor self, SymInt[] size, Scalar fill_value, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(3), a.tensor(0).dtype()), a.ints(1), a.scalar(2), meta));
        registerCopying(r, "aten::new_empty(Tensor self, SymInt[] size, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(2), a.tensor(0).dtype()), a.ints(1), 0L, meta));
        registerCopying(r, "aten::fill.Scalar(Tensor self, Scalar value) -> Tensor",
                (a, meta) -> make(a.tensor(0).dtype(), a.tensor(0).shape(), a.scalar(1), meta));
        registerCopying(r, "aten::scalar_tensor(Scalar s, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> make(orDefault(a.dtype(1), DType.FLOAT32), new long[0], a.scalar(0), meta));
        registerCopying(r, "aten::eye(int n, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> eye(a.integer(0), a.integer(0), orDefault(a.dtype(1), DType.FLOAT32), meta));
        registerCopying(r, "aten::eye.m(int n, int m, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> eye(a.integer(0), a.integer(1), orDefault(a.dtype(2), DType.FLOAT32), meta));
        registerCopying(r, "aten::linspace(Scalar start, Scalar end, int steps, " + FACTORY_KW + ") -> Tensor", (a, meta) -> {
            long n = a.integer(2);
            DType dt = orDefault(a.dtype(3), DType.FLOAT32);
            if (n < 0) throw new IllegalArgumentException("aten::linspace: number of steps must be non-negative");
            if (meta) return Tensor.meta(dt, n);
            double start = a.real(0), end = a.real(1), step = n > 1 ? (end - start) / (n - 1) : 0;
            double[] v = new double[(int) n];
            // as PyTorch: the first half counts up from start, the second half down from end
            long half = n / 2;
            for (int i = 0; i < n; i++) v[i] = i < half ? start + step * i : end - step * (n - 1 - i);
            return Tensor.of(v, n).copy(dt);
        });
        registerCopying(r, "aten::hann_window.periodic(int window_length, bool periodic, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> hann(a.integer(0), a.bool(1), orDefault(a.dtype(2), DType.FLOAT32), meta));
        registerCopying(r, "aten::hann_window(int window_length, " + FACTORY_KW + ") -> Tensor",
                (a, meta) -> hann(a.integer(0), true, orDefault(a.dtype(1), DType.FLOAT32), meta));
        registerCopying(r, "aten::to.dtype(Tensor(a) self, ScalarType dtype, bool non_blocking=False, bool copy=False, "
                + "MemoryFormat? memory_format=None) -> Tensor(a)", (a, meta) -> {
            Tensor t = a.tensor(0);
            DType dt = a.dtype(1);
            if (dt == t.dtype() && !a.bool(3)) return meta ? ShapeViews.metaOf(t) : ShapeViews.alias(t);
            return meta ? Tensor.meta(dt, t.shape()) : t.copy(dt);
        });
        registerCopying(r, "aten::clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor",
                (a, meta) -> meta ? a.tensor(0).toMeta() : a.tensor(0).copy());
        registerCopying(r, "aten::contiguous(Tensor(a) self, *, MemoryFormat memory_format=contiguous_format) -> Tensor(a)", (a, meta) -> {
            Tensor t = a.tensor(0);
            if (!t.isContiguous()) return meta ? t.toMeta() : t.copy();
            return meta ? ShapeViews.metaOf(t) : ShapeViews.alias(t);
        });
    }

    private static Tensor eye(long n, long m, DType dt, boolean meta) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("aten::eye: n and m must be non-negative, got " + n + ", " + m);
        if (meta) return Tensor.meta(dt, n, m);
        double[] v = new double[(int) (n * m)];
        for (int i = 0; i < Math.min(n, m); i++) v[(int) (i * m + i)] = 1;
        return Tensor.of(v, n, m).copy(dt);
    }

    /** 0.5 - 0.5 cos(2 pi k / N), N = length (periodic) or length - 1. */
    private static Tensor hann(long length, boolean periodic, DType dt, boolean meta) {
        if (length < 0) throw new IllegalArgumentException("aten::hann_window: window_length must be non-negative, got " + length);
        if (meta) return Tensor.meta(dt, length);
        double[] v = new double[(int) length];
        if (length == 1) v[0] = 1;
        double n = periodic ? length : length - 1;
        for (int k = 0; k < length && length > 1; k++) v[k] = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / n);
        return Tensor.of(v, length).copy(dt);
    }

    private static DType orDefault(DType given, DType fallback) { return given != null ? given : fallback; }

    /** The dtype PyTorch 1.13 gives a factory from a Python scalar: bool, int64, or the default float32. */
    private static DType scalarDType(Object v) {
        if (v instanceof Boolean) return DType.BOOL;
        return v instanceof Double ? DType.FLOAT32 : DType.INT64;
    }

    private static Tensor make(DType dtype, long[] shape, Object value, boolean meta) {
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + s + ": " + Arrays.toString(shape));
        }
        return meta ? Tensor.meta(dtype, shape) : ShapeData.filled(dtype, shape, value);
    }

    /** {@code start, start + step, ...} below {@code end} (above it for a negative step). */
    static Tensor arange(Object start, Object end, Object step, DType dtype, boolean meta) {
        String op = "aten::arange";
        boolean anyFloat = start instanceof Double || end instanceof Double || step instanceof Double;
        DType dt = orDefault(dtype, anyFloat ? DType.FLOAT32 : DType.INT64);
        double s = num(start), e = num(end), st = num(step);
        if (Double.isNaN(s) || Double.isInfinite(s) || Double.isNaN(e) || Double.isInfinite(e)) {
            throw new IllegalArgumentException(op + ": unsupported range: " + start + " -> " + end);
        }
        if (st == 0) throw new IllegalArgumentException(op + ": step must be nonzero");
        if (st > 0 ? e < s : e > s) throw new IllegalArgumentException(op + ": upper bound and larger bound inconsistent with step sign");
        long n = anyFloat ? (long) Math.ceil((e - s) / st) : ceilDiv(whole(end) - whole(start), whole(step));
        if (meta) return Tensor.meta(dt, n);
        Tensor out = Tensor.zeros(dt, n);
        if (dt.isFloatingPoint()) {
            for (long i = 0; i < n; i++) out.storage().setDouble(i, s + st * i);
        } else {
            long ls = (long) s, lst = (long) st;
            for (long i = 0; i < n; i++) out.storage().setLong(i, ls + lst * i);
        }
        return out;
    }

    private static double num(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).doubleValue();
    }

    private static long whole(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).longValue();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
