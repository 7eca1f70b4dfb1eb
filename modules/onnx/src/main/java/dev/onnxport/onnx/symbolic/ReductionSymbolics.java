package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.dtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.reduce;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * Reductions (axes as attribute or input per opset), arg/max/min with indices, var/std, norm, logsumexp,
 * cumsum, all/any, topk and sort.
 */
final class ReductionSymbolics {
    private ReductionSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::sum", 7, g -> one(reduce(g, "ReduceSum", x(g), null, false)));
        t.add("aten::sum.dim_IntList", 7, g -> one(reduce(g, "ReduceSum", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::mean", 7, g -> one(reduce(g, "ReduceMean", x(g), null, false)));
        t.add("aten::mean.dim", 7, g -> one(reduce(g, "ReduceMean", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::amax", 7, g -> one(reduce(g, "ReduceMax", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::amin", 7, g -> one(reduce(g, "ReduceMin", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::max", 7, g -> one(reduce(g, "ReduceMax", x(g), null, false)));
        t.add("aten::min", 7, g -> one(reduce(g, "ReduceMin", x(g), null, false)));
        t.add("aten::max.dim", 7, g -> valuesAndIndices(g, "ReduceMax", "ArgMax"));
        t.add("aten::min.dim", 7, g -> valuesAndIndices(g, "ReduceMin", "ArgMin"));
        t.add("aten::argmax", 7, g -> one(argExtreme(g, "ArgMax")));
        t.add("aten::argmin", 7, g -> one(argExtreme(g, "ArgMin")));
        t.add("aten::prod.dim_int", 7, g -> one(reduce(g, "ReduceProd", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::logsumexp", 7, g -> one(reduce(g, "ReduceLogSumExp", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::var.dim", 7, g -> one(variance(g)));
        t.add("aten::std.dim", 7, g -> one(typed(g, "Sqrt", variance(g))));
        t.add("aten::var.correction", 7, g -> {
            long c = g.isNone(2) ? 1 : (Long) g.constant(2);
            if (c != 0 && c != 1) throw g.error("var with correction " + c + " is not supported", "use correction 0 or 1");
            return one(variance(g, c == 1, keep(g, 3)));
        });
        t.add("aten::std_mean.dim", 7, g -> new Value[] {typed(g, "Sqrt", variance(g)), reduce(g, "ReduceMean", x(g), dims(g, 1), keep(g, 3))});
        t.add("aten::var_mean.dim", 7, g -> new Value[] {variance(g), reduce(g, "ReduceMean", x(g), dims(g, 1), keep(g, 3))});
        t.add("aten::aminmax", 7, g -> {
            Value x = x(g);
            boolean keep = keep(g, 2);
            long[] d = dims(g, 1);
            if (d == null) {
                x = g.op("Reshape", x, g.constantLongs(-1)).output();
                d = new long[] {0};
            }
            return new Value[] {reduce(g, "ReduceMin", x, d, keep), reduce(g, "ReduceMax", x, d, keep)};
        });
        // ord, dim and keepdim at the positions of norm.ScalarOpt_dim
        t.add("aten::linalg_vector_norm", 7, g -> one(norm(g)));
        t.add("aten::linalg_norm", 7, g -> {
            long[] d = dims(g, 2);
            if (d != null && d.length == 2 && !g.isNone(1)) throw g.error("linalg_norm with a matrix ord is not supported", "use ord=None ('fro')");
            return one(norm(g));
        });
        t.add("aten::frobenius_norm.dim", 7, g -> one(reduce(g, "ReduceL2", x(g), dims(g, 1), keep(g, 2))));
        t.add("aten::linalg_matrix_norm.str_ord", 7, g -> {
            if (!"fro".equals(g.constant(1))) throw g.error("linalg_matrix_norm with ord '" + g.constant(1) + "' is not supported", "use 'fro'");
            return one(reduce(g, "ReduceL2", x(g), dims(g, 2), keep(g, 3)));
        });
        t.add("aten::argsort", 7, g -> new Value[] {sort(g)[1]});
        t.add("aten::norm.ScalarOpt_dim", 7, g -> one(norm(g)));
        t.add("aten::cumsum", 7, g -> one(cumsum(g)));
        t.add("aten::all.dim", 7, g -> one(allAny(g, "ReduceMin")));
        t.add("aten::any.dim", 7, g -> one(allAny(g, "ReduceMax")));
        t.add("aten::topk", 7, g -> {
            long k = (Long) g.constant(1);
            long dim = OnnxOps.normDim((Long) g.constant(2), OnnxOps.inRank(g, 0));
            return topk(g, g.input(0), k, null, dim, (Boolean) g.constant(3));
        });
        t.add("aten::sort", 7, ReductionSymbolics::sort);
    }

    /** Aten input 0 cast to the traced dtype of output 0. */
    private static Value x(SymbolicContext g) { return cast(g, g.input(0), outDtype(g, 0)); }

    private static boolean keep(SymbolicContext g, int i) { return (Boolean) g.constant(i); }

    /** The reduced dims of an {@code int[1]?} or {@code int} argument, normalized; null for None or [] (all dims). */
    private static long[] dims(SymbolicContext g, int i) {
        if (g.isNone(i)) return null;
        Object c = g.constant(i);
        long[] d = c instanceof Long l ? new long[] {l} : (long[]) c;
        if (d.length == 0) return null;
        int rank = OnnxOps.inRank(g, 0);
        long[] out = new long[d.length];
        for (int k = 0; k < d.length; k++) out[k] = OnnxOps.normDim(d[k], rank);
        return out;
    }

    private static long[] allDims(int rank) {
        long[] a = new long[rank];
        for (int k = 0; k < rank; k++) a[k] = k;
        return a;
    }

    private static Value[] valuesAndIndices(SymbolicContext g, String reduceOp, String argOp) {
        Value in = g.input(0);
        long[] d = dims(g, 1);
        boolean keep = keep(g, 2);
        Value values = reduce(g, reduceOp, in, d, keep);
        return new Value[] {values, arg(g, argOp, in, d[0], keep)};
    }

    /** ArgMax/ArgMin keep the first index of ties, as PyTorch does (select_last_index stays 0). */
    private static Value arg(SymbolicContext g, String opType, Value in, long axis, boolean keep) {
        return typed(g, opType, false, b -> b.attr("axis", axis).attr("keepdims", keep ? 1L : 0L), in);
    }

    private static Value argExtreme(SymbolicContext g, String opType) {
        Value in = g.input(0);
        boolean keep = keep(g, 2);
        if (!g.isNone(1)) return arg(g, opType, in, OnnxOps.normDim((Long) g.constant(1), OnnxOps.inRank(g, 0)), keep);
        Value flat = g.op("Reshape", in, g.constantLongs(-1)).output();
        Value r = arg(g, opType, flat, 0, false);
        if (!keep) return r;
        long[] ones = new long[OnnxOps.inRank(g, 0)];
        java.util.Arrays.fill(ones, 1);
        return g.op("Reshape", r, g.constantLongs(ones)).output();
    }

    /** mean((x - mean(x))^2) over dims, times N/(N-1) when unbiased; N from the traced sizes or at run time. */
    private static Value variance(SymbolicContext g) { return variance(g, (Boolean) g.constant(2), keep(g, 3)); }

    private static Value variance(SymbolicContext g, boolean unbiased, boolean keep) {
        Value x = x(g);
        int rank = OnnxOps.inRank(g, 0);
        long[] d = dims(g, 1);
        if (d == null) d = allDims(rank);
        Value mean = reduce(g, "ReduceMean", x, d, true);
        Value diff = OnnxOps.sub(g, x, mean);
        Value v = reduce(g, "ReduceMean", mul(g, diff, diff), d, keep);
        if (!unbiased) return v;
        DType dt = dtype(g, x);
        Type type = OnnxOps.inType(g, 0);
        boolean dynamic = false;
        long n = 1;
        for (long a : d) {
            n *= type.shape()[(int) a];
            dynamic |= type.symbol((int) a) != null;
        }
        if (!dynamic) return OnnxOps.mulConst(g, v, n / (double) (n - 1));
        Value sizes = g.op("Gather", g.op("Shape", x).output(), g.constantLongs(d)).attr("axis", 0L).output();
        Value count = cast(g, reduce(g, "ReduceProd", sizes, null, false), dt);
        Value factor = OnnxOps.div(g, count, OnnxOps.addConst(g, count, -1.0));
        return mul(g, v, factor);
    }

    private static Value norm(SymbolicContext g) {
        Value x = x(g);
        double p = g.isNone(1) ? 2 : ((Number) g.constant(1)).doubleValue();
        long[] d = dims(g, 2);
        boolean keep = keep(g, 3);
        if (p == 2) return reduce(g, "ReduceL2", x, d, keep);
        if (p == 1) return reduce(g, "ReduceL1", x, d, keep);
        Value abs = g.op("Abs", x).output();
        if (p == Double.POSITIVE_INFINITY) return reduce(g, "ReduceMax", abs, d, keep);
        if (p == Double.NEGATIVE_INFINITY) return reduce(g, "ReduceMin", abs, d, keep);
        DType dt = dtype(g, x);
        Value sum = reduce(g, "ReduceSum", typed(g, "Pow", abs, scalar(g, p, dt)), d, keep);
        return typed(g, "Pow", sum, scalar(g, 1 / p, dt));
    }

    /**
     * CumSum from opset 11; before, along a dim of static size n, a MatMul with the n x n upper-triangular
     * matrix of ones after moving the dim last.
     */
    private static Value cumsum(SymbolicContext g) {
        Value x = x(g);
        int rank = OnnxOps.inRank(g, 0);
        long dim = OnnxOps.normDim((Long) g.constant(1), rank);
        if (g.opset() >= 11) {
            DType c = OnnxOps.computeType(g, "CumSum", dtype(g, x));
            return cast(g, g.op("CumSum", cast(g, x, c), g.constant(Tensor.scalar(dim))).output(), dtype(g, x));
        }
        Type type = OnnxOps.inType(g, 0);
        if (type.symbol((int) dim) != null) throw OnnxOps.notExpressible(g, "cumsum along a dynamic dim needs CumSum", 11);
        int n = (int) type.shape()[(int) dim];
        DType c = OnnxOps.computeType(g, "MatMul", dtype(g, x));
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) u[i * n + j] = 1;
        Value tri = g.constant(Tensor.of(u, n, n).to(c));
        long[] perm = allDims(rank);
        perm[(int) dim] = rank - 1;
        perm[rank - 1] = dim;
        Value moved = dim == rank - 1 ? x : g.op("Transpose", x).attr("perm", perm).output();
        Value y = g.op("MatMul", cast(g, moved, c), tri).output();
        Value back = dim == rank - 1 ? y : g.op("Transpose", y).attr("perm", perm).output();
        return cast(g, back, dtype(g, x));
    }

    /** all: min over the truth values; any: max; computed as int64, then PyTorch's result dtype (bool or uint8). */
    private static Value allAny(SymbolicContext g, String reduceOp) {
        Value truth = cast(g, cast(g, g.input(0), DType.BOOL), DType.INT64);
        Value r = reduce(g, reduceOp, truth, dims(g, 1), keep(g, 2));
        return cast(g, cast(g, r, DType.BOOL), outDtype(g, 0));
    }

    /**
     * TopK with {@code k} constant (or {@code kValue}, a 1-D int64 tensor, from opset 10); the smallest-k
     * form before opset 11 negates the input and the values.
     */
    static Value[] topk(SymbolicContext g, Value in, long k, Value kValue, long axis, boolean largest) {
        DType d = dtype(g, in);
        DType c = OnnxOps.computeType(g, "TopK", d);
        Value x = cast(g, in, c);
        boolean negate = !largest && g.opset() < 11;
        if (negate) x = g.op("Neg", x).output();
        SymbolicContext.NodeBuilder b;
        if (g.opset() < 10) {
            if (kValue != null) throw OnnxOps.notExpressible(g, "topk with a dynamic k needs TopK's K input", 10);
            b = g.op("TopK", x).attr("k", k);
        } else {
            b = g.op("TopK", x, kValue != null ? kValue : g.constantLongs(k));
        }
        b.attr("axis", axis);
        if (g.opset() >= 11) b.attr("largest", largest ? 1L : 0L).attr("sorted", 1L);
        Value[] r = b.outputs(2);
        Value values = negate ? g.op("Neg", r[0]).output() : r[0];
        return new Value[] {cast(g, values, d), r[1]};
    }

    /** sort = TopK over the whole dim (its size traced, or read at run time when dynamic). */
    private static Value[] sort(SymbolicContext g) {
        Type type = OnnxOps.inType(g, 0);
        long dim = OnnxOps.normDim((Long) g.constant(1), type.rank());
        boolean descending = (Boolean) g.constant(2);
        Value kValue = null;
        if (type.symbol((int) dim) != null) {
            if (g.opset() < 10) throw OnnxOps.notExpressible(g, "sort along a dynamic dim needs TopK's K input", 10);
            kValue = OnnxOps.unsqueeze(g, OnnxOps.size(g, g.input(0), dim), 0);
        }
        return topk(g, g.input(0), type.shape()[(int) dim], kValue, dim, descending);
    }
}
