package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.function.Function;

/**
 * Aten ops: reductions (sum, mean, prod, var, std, norm, logsumexp, all, any) and cumsum. Extremes,
 * sorting and top-k are in {@link ReductionExtremes}, softmax in {@link ReductionSoftmax}. Floating
 * inputs accumulate in double, integers in long.
 */
final class ReductionOps {
    private ReductionOps() {}

    /** How a row of doubles reduces to one value. */
    @FunctionalInterface
    private interface RowReducer { double reduce(double[] v, int from, int len); }

    public static void register(OpRegistry r) {
        ReductionExtremes.register(r);
        ReductionSoftmax.register(r);
        ReductionNorms.register(r);

        r.register("aten::sum(Tensor self, *, ScalarType? dtype=None) -> Tensor",
                k(a -> sum("aten::sum", a.tensor(0), null, false, dtypeArg(a, 1))),
                rule(a -> sumDtype(a.tensor(0), dtypeArg(a, 1)), a -> rows("aten::sum", a.tensor(0), null, false)));
        r.register("aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
                k(a -> sum("aten::sum", a.tensor(0), a.ints(1), a.bool(2), dtypeArg(a, 3))),
                rule(a -> sumDtype(a.tensor(0), dtypeArg(a, 3)), a -> rows("aten::sum", a.tensor(0), a.ints(1), a.bool(2))));
        r.register("aten::mean(Tensor self, *, ScalarType? dtype=None) -> Tensor",
                k(a -> mean(a.tensor(0), null, false, dtypeArg(a, 1))),
                rule(a -> meanDtype(a.tensor(0), dtypeArg(a, 1)), a -> rows("aten::mean", a.tensor(0), null, false)));
        r.register("aten::mean.dim(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
                k(a -> mean(a.tensor(0), a.ints(1), a.bool(2), dtypeArg(a, 3))),
                rule(a -> meanDtype(a.tensor(0), dtypeArg(a, 3)), a -> rows("aten::mean", a.tensor(0), a.ints(1), a.bool(2))));
        r.register("aten::prod.dim_int(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
                k(a -> prod(a.tensor(0), a.integer(1), a.bool(2), dtypeArg(a, 3))),
                rule(a -> sumDtype(a.tensor(0), dtypeArg(a, 3)),
                        a -> rows("aten::prod", a.tensor(0), new long[] {a.integer(1)}, a.bool(2))));
        r.register("aten::logsumexp(Tensor self, int[1] dim, bool keepdim=False) -> Tensor",
                k(a -> floating("aten::logsumexp", a.tensor(0), a.ints(1), a.bool(2), true, ReductionOps::logSumExp)),
                rule(a -> TypePromotion.toFloating(a.tensor(0).dtype()),
                        a -> rows("aten::logsumexp", a.tensor(0), a.ints(1), a.bool(2))));
        r.register("aten::var.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor",
                k(a -> floating("aten::var", a.tensor(0), a.ints(1), a.bool(3), false, variance(a.bool(2), false))),
                floatRule("aten::var", 1, 3));
        r.register("aten::std.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor",
                k(a -> floating("aten::std", a.tensor(0), a.ints(1), a.bool(3), false, variance(a.bool(2), true))),
                floatRule("aten::std", 1, 3));
        r.register("aten::norm.ScalarOpt_dim(Tensor self, Scalar? p, int[1] dim, bool keepdim=False) -> Tensor",
                k(a -> floating("aten::norm", a.tensor(0), a.ints(2), a.bool(3), false, norm(a.isNone(1) ? 2 : a.real(1)))),
                floatRule("aten::norm", 2, 3));
        r.register("aten::all.dim(Tensor self, int dim, bool keepdim=False) -> Tensor",
                k(a -> allAny("aten::all", a.tensor(0), a.integer(1), a.bool(2), true)),
                rule(a -> logicalDtype(a.tensor(0)), a -> rows("aten::all", a.tensor(0), new long[] {a.integer(1)}, a.bool(2))));
        r.register("aten::any.dim(Tensor self, int dim, bool keepdim=False) -> Tensor",
                k(a -> allAny("aten::any", a.tensor(0), a.integer(1), a.bool(2), false)),
                rule(a -> logicalDtype(a.tensor(0)), a -> rows("aten::any", a.tensor(0), new long[] {a.integer(1)}, a.bool(2))));
        r.register("aten::cumsum(Tensor self, int dim, *, ScalarType? dtype=None) -> Tensor",
                k(a -> cumsum(a.tensor(0), a.integer(1), dtypeArg(a, 2))),
                ShapeRule.single(a -> {
                    ReductionRows.along("aten::cumsum", a.tensor(0), a.integer(1));
                    return Tensor.meta(sumDtype(a.tensor(0), dtypeArg(a, 2)), a.tensor(0).shape());
                }));
    }

    // ---- kernels -----------------------------------------------------------------------------------

    /** sum, prod and cumsum: integers and bools accumulate as int64 unless a dtype is given. */
    static DType sumDtype(Tensor x, DType dtype) {
        if (dtype != null) return dtype;
        return x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    }

    private static Tensor sum(String op, Tensor x, long[] dims, boolean keepdim, DType dtype) {
        DType out = sumDtype(x, dtype);
        ReductionRows rr = ReductionRows.of(op, x, dims, keepdim);
        if (!out.isFloatingPoint()) {
            long[] v = ElementwiseLoops.longs(rr.view, out);
            long[] o = new long[rr.rows];
            for (int r = 0, base = 0; r < rr.rows; r++, base += rr.len) {
                long s = 0;
                for (int i = 0; i < rr.len; i++) s += v[base + i];
                o[r] = s;
            }
            return ElementwiseLoops.fromLongs(o, out, rr.outShape);
        }
        return reduce(rr, out, out, (v, from, len) -> {
            double s = 0;
            for (int i = 0; i < len; i++) s += v[from + i];
            return s;
        });
    }

    private static DType meanDtype(Tensor x, DType dtype) {
        DType out = dtype != null ? dtype : x.dtype();
        if (!out.isFloatingPoint()) {
            throw new IllegalArgumentException("aten::mean: could not infer output dtype; input dtype must be floating "
                    + "point, got " + out.torchName() + " (pass dtype=)");
        }
        return out;
    }

    private static Tensor mean(Tensor x, long[] dims, boolean keepdim, DType dtype) {
        DType out = meanDtype(x, dtype);
        return reduce(ReductionRows.of("aten::mean", x, dims, keepdim), out, out, (v, from, len) -> {
            double s = 0;
            for (int i = 0; i < len; i++) s += v[from + i];
            return s / len;
        });
    }

    private static Tensor prod(Tensor x, long dim, boolean keepdim, DType dtype) {
        DType out = sumDtype(x, dtype);
        ReductionRows rr = ReductionRows.of("aten::prod", x, new long[] {dim}, keepdim);
        if (!out.isFloatingPoint()) {
            long[] v = ElementwiseLoops.longs(rr.view, out);
            long[] o = new long[rr.rows];
            for (int r = 0, base = 0; r < rr.rows; r++, base += rr.len) {
                long p = 1;
                for (int i = 0; i < rr.len; i++) p *= v[base + i];
                o[r] = p;
            }
            return ElementwiseLoops.fromLongs(o, out, rr.outShape);
        }
        return reduce(rr, out, out, (v, from, len) -> {
            double p = 1;
            for (int i = 0; i < len; i++) p *= v[from + i];
            return p;
        });
    }

    /** A reduction with a floating result; integer inputs are computed as float32 or rejected. */
    private static Tensor floating(String op, Tensor x, long[] dims, boolean keepdim, boolean acceptIntegers,
                                   RowReducer f) {
        if (!acceptIntegers) ElementwiseKernels.requireFloating(op, x);
        DType out = TypePromotion.toFloating(x.dtype());
        return reduce(ReductionRows.of(op, x, dims, keepdim), out, out, f);
    }

    private static double logSumExp(double[] v, int from, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) m = Math.max(m, v[from + i]);
        double shift = Double.isInfinite(m) ? 0 : m;   // all -inf gives -inf, any +inf gives +inf
        double s = 0;
        for (int i = 0; i < len; i++) s += Math.exp(v[from + i] - shift);
        return shift + Math.log(s);
    }

    /** Two-pass variance (or its square root), divisor N - 1 when unbiased. */
    private static RowReducer variance(boolean unbiased, boolean sqrt) {
        return (v, from, len) -> {
            double mean = 0;
            for (int i = 0; i < len; i++) mean += v[from + i];
            mean /= len;
            double ss = 0;
            for (int i = 0; i < len; i++) {
                double d = v[from + i] - mean;
                ss += d * d;
            }
            double var = ss / Math.max(0, len - (unbiased ? 1 : 0));
            return sqrt ? Math.sqrt(var) : var;
        };
    }

    /** The vector p-norm; p = 0 counts nonzeros, p = ±inf takes the largest/smallest magnitude. */
    private static RowReducer norm(double p) {
        return (v, from, len) -> {
            if (p == Double.POSITIVE_INFINITY || p == Double.NEGATIVE_INFINITY) {
                double m = len == 0 ? 0 : Math.abs(v[from]);
                for (int i = 1; i < len; i++) {
                    double a = Math.abs(v[from + i]);
                    m = p > 0 ? Math.max(m, a) : Math.min(m, a);
                }
                return m;
            }
            double s = 0;
            for (int i = 0; i < len; i++) {
                double a = Math.abs(v[from + i]);
                if (p == 0) s += a != 0 ? 1 : 0;
                else if (p == 1) s += a;
                else if (p == 2) s += a * a;
                else s += Math.pow(a, p);
            }
            return p == 0 || p == 1 ? s : p == 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
        };
    }

    private static DType logicalDtype(Tensor x) {
        return x.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL;
    }

    private static Tensor allAny(String op, Tensor x, long dim, boolean keepdim, boolean all) {
        ReductionRows rr = ReductionRows.of(op, x, new long[] {dim}, keepdim);
        long[] v = ElementwiseLoops.longs(rr.view, DType.BOOL);
        long[] o = new long[rr.rows];
        for (int r = 0, base = 0; r < rr.rows; r++, base += rr.len) {
            boolean acc = all;
            for (int i = 0; i < rr.len && acc == all; i++) acc = v[base + i] != 0;
            o[r] = acc ? 1 : 0;
        }
        return ElementwiseLoops.fromLongs(o, logicalDtype(x), rr.outShape);
    }

    private static Tensor cumsum(Tensor x, long dim, DType dtype) {
        DType out = sumDtype(x, dtype);
        ReductionRows rr = ReductionRows.along("aten::cumsum", x, dim);
        long[] shape = rr.permutedShape(rr.len);
        if (!out.isFloatingPoint()) {
            long[] v = ElementwiseLoops.longs(rr.view, out);
            for (int r = 0, base = 0; r < rr.rows; r++, base += rr.len) {
                for (int i = 1; i < rr.len; i++) v[base + i] += v[base + i - 1];
            }
            return rr.restore(ElementwiseLoops.fromLongs(v, out, shape));
        }
        double[] v = ElementwiseLoops.doubles(rr.view, out);
        for (int r = 0, base = 0; r < rr.rows; r++, base += rr.len) {
            double s = 0;
            for (int i = 0; i < rr.len; i++) v[base + i] = s += v[base + i];
        }
        return rr.restore(ElementwiseLoops.fromDoubles(v, out, shape));
    }

    /** Applies {@code f} to every row of {@code rr} computed in {@code compute}, giving {@code out}. */
    private static Tensor reduce(ReductionRows rr, DType compute, DType out, RowReducer f) {
        double[] v = ElementwiseLoops.doubles(rr.view, compute);
        double[] o = new double[rr.rows];
        for (int r = 0; r < rr.rows; r++) o[r] = f.reduce(v, r * rr.len, rr.len);
        return ElementwiseLoops.fromDoubles(o, out, rr.outShape);
    }

    // ---- registration helpers -------------------------------------------------------------------------

    /** A {@code ScalarType?} argument (null when None). */
    static DType dtypeArg(Args a, int k) {
        return a.isNone(k) ? null : a.dtype(k);
    }

    static long[] rows(String op, Tensor x, long[] dims, boolean keepdim) {
        return ReductionRows.of(op, x, dims, keepdim).outShape;
    }

    private static ShapeRule floatRule(String op, int dimArg, int keepdimArg) {
        return rule(a -> {
            ElementwiseKernels.requireFloating(op, a.tensor(0));
            return a.tensor(0).dtype();
        }, a -> rows(op, a.tensor(0), a.ints(dimArg), a.bool(keepdimArg)));
    }

    static Kernel k(Function<Args, Tensor> f) { return Kernel.single(f); }

    static ShapeRule rule(Function<Args, DType> dtype, Function<Args, long[]> shape) {
        return ShapeRule.single(a -> Tensor.meta(dtype.apply(a), shape.apply(a)));
    }
}
