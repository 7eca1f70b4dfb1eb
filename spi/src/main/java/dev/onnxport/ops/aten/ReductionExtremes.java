package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ReductionOps.k;
import static dev.onnxport.ops.aten.ReductionOps.rows;
import static dev.onnxport.ops.aten.ReductionOps.rule;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops that pick elements by order: amax, amin, max, min, argmax, argmin, topk, sort. NaN counts
 * as larger than every number (so max and argmax return the first NaN, and sort puts NaNs last), equal
 * values keep their index order, and integers compare exactly.
 */
final class ReductionExtremes {
    private ReductionExtremes() {}

    /** The permuted input as doubles (floating dtypes) or longs (others), with order and gathering. */
    private record Data(double[] d, long[] l) {
        static Data of(Tensor view) {
            return view.dtype().isFloatingPoint() ? new Data(view.toDoubleArray(), null) : new Data(null, view.toLongArray());
        }

        boolean isNaN(int i) { return d != null && Double.isNaN(d[i]); }

        /** Total order with NaN above everything, -0.0 equal to 0.0. */
        int compare(int i, int j) {
            if (d == null) return Long.compare(l[i], l[j]);
            double a = d[i], b = d[j];
            if (a != a) return b != b ? 0 : 1;
            if (b != b) return -1;
            return a < b ? -1 : a > b ? 1 : 0;
        }

        /** The elements at {@code idx} as a tensor of {@code dtype} and {@code shape}. */
        Tensor gather(int[] idx, DType dtype, long[] shape) {
            if (d != null) {
                double[] o = new double[idx.length];
                for (int i = 0; i < o.length; i++) o[i] = d[idx[i]];
                return ElementwiseLoops.fromDoubles(o, dtype, shape);
            }
            long[] o = new long[idx.length];
            for (int i = 0; i < o.length; i++) o[i] = l[idx[i]];
            return ElementwiseLoops.fromLongs(o, dtype, shape);
        }
    }

    static void register(OpRegistry r) {
        r.register("aten::amax(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor",
                k(a -> extreme("aten::amax", a.tensor(0), a.ints(1), a.bool(2), true)[0]), sameDtype("aten::amax", 1, 2));
        r.register("aten::amin(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor",
                k(a -> extreme("aten::amin", a.tensor(0), a.ints(1), a.bool(2), false)[0]), sameDtype("aten::amin", 1, 2));
        r.register("aten::max(Tensor self) -> Tensor",
                k(a -> extreme("aten::max", nonEmpty("aten::max", a.tensor(0)), null, false, true)[0]),
                ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype())));
        r.register("aten::min(Tensor self) -> Tensor",
                k(a -> extreme("aten::min", nonEmpty("aten::min", a.tensor(0)), null, false, false)[0]),
                ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype())));
        r.register("aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)",
                a -> extreme("aten::max", a.tensor(0), new long[] {a.integer(1)}, a.bool(2), true), valuesAndIndices("aten::max"));
        r.register("aten::min.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)",
                a -> extreme("aten::min", a.tensor(0), new long[] {a.integer(1)}, a.bool(2), false), valuesAndIndices("aten::min"));
        r.register("aten::argmax(Tensor self, int? dim=None, bool keepdim=False) -> Tensor",
                k(a -> arg("aten::argmax", a, true)), argRule("aten::argmax"));
        r.register("aten::argmin(Tensor self, int? dim=None, bool keepdim=False) -> Tensor",
                k(a -> arg("aten::argmin", a, false)), argRule("aten::argmin"));
        r.register("aten::topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True) -> (Tensor values, Tensor indices)",
                a -> sorted("aten::topk", a.tensor(0), a.integer(2), a.bool(3), topkSize(a)),
                a -> sortedRule("aten::topk", a.tensor(0), a.integer(2), topkSize(a)));
        r.register("aten::sort(Tensor self, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)",
                a -> sorted("aten::sort", a.tensor(0), a.integer(1), a.bool(2), -1),
                a -> sortedRule("aten::sort", a.tensor(0), a.integer(1), -1));
    }

    /** Values and int64 indices (within the reduced dims) of the row-wise max or min. */
    private static Tensor[] extreme(String op, Tensor x, long[] dims, boolean keepdim, boolean max) {
        ReductionRows rr = ReductionRows.of(op, x, dims, keepdim);
        if (rr.len == 0 && rr.rows > 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over a zero-size dimension of shape "
                    + Arrays.toString(x.shape()));
        }
        Data data = Data.of(rr.view);
        int[] at = new int[rr.rows];
        long[] idx = new long[rr.rows];
        for (int r = 0; r < rr.rows; r++) {
            int base = r * rr.len, best = base;
            for (int i = 1; i < rr.len && !data.isNaN(best); i++) {
                int c = data.compare(base + i, best);
                if (data.isNaN(base + i) || (max ? c > 0 : c < 0)) best = base + i;
            }
            at[r] = best;
            idx[r] = best - base;
        }
        return new Tensor[] {data.gather(at, x.dtype(), rr.outShape), Tensor.of(idx, rr.outShape.clone())};
    }

    private static Tensor nonEmpty(String op, Tensor x) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty tensor; specify 'dim' to reduce an empty one");
        }
        return x;
    }

    /** argmax/argmin: dim None reduces the flattened tensor and ignores keepdim, as PyTorch 1.13 does. */
    private static Tensor arg(String op, Args a, boolean max) {
        Tensor x = a.tensor(0);
        Long dim = a.optInteger(1);
        if (dim == null) return extreme(op, nonEmpty(op, x), null, false, max)[1];
        return extreme(op, x, new long[] {dim}, a.bool(2), max)[1];
    }

    private static ShapeRule argRule(String op) {
        return rule(a -> DType.INT64, a -> a.isNone(1) ? new long[0] : rows(op, a.tensor(0), new long[] {a.integer(1)}, a.bool(2)));
    }

    private static ShapeRule sameDtype(String op, int dimArg, int keepdimArg) {
        return rule(a -> a.tensor(0).dtype(), a -> rows(op, a.tensor(0), a.ints(dimArg), a.bool(keepdimArg)));
    }

    private static ShapeRule valuesAndIndices(String op) {
        return a -> {
            long[] shape = rows(op, a.tensor(0), new long[] {a.integer(1)}, a.bool(2));
            return new Tensor[] {Tensor.meta(a.tensor(0).dtype(), shape), Tensor.meta(DType.INT64, shape)};
        };
    }

    // ---- sort and topk -------------------------------------------------------------------------------

    private static long topkSize(Args a) {
        Tensor x = a.tensor(0);
        long k = a.integer(1);
        long size = x.dim() == 0 ? 1 : x.size(Shapes.normDim(a.integer(2), x.dim()));
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("aten::topk: argument 'k' (" + k + ") is out of range for a dimension of size " + size);
        }
        return k;
    }

    /**
     * The first {@code k} elements (all when k &lt; 0) of each row along {@code dim} in ascending or
     * descending order (topk's {@code largest} is descending), with their int64 indices.
     */
    private static Tensor[] sorted(String op, Tensor x, long dim, boolean descending, long k) {
        ReductionRows rr = ReductionRows.along(op, x, dim);
        int keep = k < 0 ? rr.len : (int) k;
        Data data = Data.of(rr.view);
        int[] at = new int[rr.rows * keep];
        long[] idx = new long[at.length];
        Integer[] order = new Integer[rr.len];
        for (int r = 0; r < rr.rows; r++) {
            int base = r * rr.len;
            for (int i = 0; i < rr.len; i++) order[i] = base + i;
            // a stable sort, so equal values keep their index order
            Arrays.sort(order, descending ? (p, q) -> data.compare(q, p) : (p, q) -> data.compare(p, q));
            for (int i = 0; i < keep; i++) {
                at[r * keep + i] = order[i];
                idx[r * keep + i] = order[i] - base;
            }
        }
        long[] shape = rr.permutedShape(keep);
        return new Tensor[] {rr.restore(data.gather(at, x.dtype(), shape)), rr.restore(Tensor.of(idx, shape))};
    }

    private static Tensor[] sortedRule(String op, Tensor x, long dim, long k) {
        ReductionRows.along(op, x, dim);
        long[] shape = x.shape();
        if (k >= 0 && shape.length > 0) shape[Shapes.normDim(dim, shape.length)] = k;
        return new Tensor[] {Tensor.meta(x.dtype(), shape), Tensor.meta(DType.INT64, shape)};
    }
}
