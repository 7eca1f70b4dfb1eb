package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.Arrays;

/**
 * Aten ops: other nn ops: embedding, dropout, cosine_similarity, pairwise_distance; upsampling is in
 * {@link UpsampleOps}.
 */
final class EmbeddingDropoutDistanceOps {
    private EmbeddingDropoutDistanceOps() {}

    public static void register(OpRegistry r) {
        r.register("aten::embedding(Tensor weight, Tensor indices, int padding_idx=-1, bool scale_grad_by_freq=False, "
                + "bool sparse=False) -> Tensor", a -> new Tensor[] {embedding(a)}, a -> new Tensor[] {embeddingShape(a)});
        r.register("aten::dropout(Tensor input, float p, bool train) -> Tensor",
                a -> new Tensor[] {dropout(a)}, a -> new Tensor[] {dropoutShape(a)});
        r.register("aten::cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08) -> Tensor",
                a -> new Tensor[] {cosineSimilarity(a)}, a -> new Tensor[] {reducedPair(a, "aten::cosine_similarity").meta()});
        r.register("aten::pairwise_distance(Tensor x1, Tensor x2, float p=2., float eps=9.9999999999999995e-07, "
                        + "bool keepdim=False) -> Tensor",
                a -> new Tensor[] {pairwiseDistance(a)}, a -> new Tensor[] {reducedPair(a, "aten::pairwise_distance").meta()});
        UpsampleOps.register(r);
    }

    // ---- embedding ------------------------------------------------------------------------------

    /** A plain row lookup: padding_idx only changes gradients, so the forward pass ignores it. */
    private static Tensor embedding(Args a) {
        embeddingShape(a);
        Tensor weight = a.tensor(0);
        long rows = weight.size(0), width = weight.size(1);
        long[] idx = a.tensor(1).toLongArray();
        long[] src = new long[Math.toIntExact(idx.length * width)];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= rows) {
                throw new IllegalArgumentException("aten::embedding: indices contains " + idx[i]
                        + ", out of range for a weight with " + rows + " rows");
            }
            for (int k = 0; k < width; k++) src[(int) (i * width + k)] = idx[i] * width + k;
        }
        return gather(weight, src, embeddingShape(a).shape());
    }

    private static Tensor embeddingShape(Args a) {
        Tensor weight = a.tensor(0), indices = a.tensor(1);
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("aten::embedding: weight must be 2-d (rows, width), got shape "
                    + Arrays.toString(weight.shape()));
        }
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("aten::embedding: indices must be int64 or int32, got " + indices.dtype());
        }
        long[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = weight.size(1);
        return Tensor.meta(weight.dtype(), shape);
    }

    /** A new contiguous tensor of {@code shape} whose element i is element {@code src[i]} (row-major) of {@code x}. */
    static Tensor gather(Tensor x, long[] src, long[] shape) {
        Tensor in = x.contiguous();
        Tensor out = Tensor.zeros(x.dtype(), shape);
        Storage from = in.storage(), to = out.storage();
        long base = in.offset();
        if (x.dtype().isFloatingPoint()) {
            for (int i = 0; i < src.length; i++) to.setDouble(i, from.getDouble(base + src[i]));
        } else {
            for (int i = 0; i < src.length; i++) to.setLong(i, from.getLong(base + src[i]));
        }
        return out;
    }

    // ---- dropout --------------------------------------------------------------------------------

    /** train=False is the identity (a copy); train=True zeroes elements with probability p, see {@link DropoutKernels}. */
    private static Tensor dropout(Args a) {
        Tensor x = dropoutShape(a);
        Tensor in = a.tensor(0);
        if (!a.bool(2)) return in.copy();
        if (!in.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("aten::dropout: training needs a floating-point input, got " + in.dtype());
        }
        double[] v = in.toDoubleArray();
        double[] m = DropoutKernels.mask(v.length, a.real(1));
        for (int i = 0; i < v.length; i++) v[i] *= m[i];
        return NormOps.fill(v, x);
    }

    private static Tensor dropoutShape(Args a) {
        double p = a.real(1);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("aten::dropout: p must be in [0, 1], got " + p);
        return a.tensor(0).toMeta();
    }

    // ---- cosine_similarity, pairwise_distance ---------------------------------------------------

    /** x1 . x2 / sqrt(max(|x1|^2 |x2|^2, eps^2)) along dim, after broadcasting. */
    private static Tensor cosineSimilarity(Args a) {
        PairReduction pr = reducedPair(a, "aten::cosine_similarity");
        double eps = a.real(3);
        return pr.reduce((x, y, start, len, step) -> {
            double dot = 0, xx = 0, yy = 0;
            for (int k = 0; k < len; k++) {
                int i = start + k * step;
                dot += x[i] * y[i];
                xx += x[i] * x[i];
                yy += y[i] * y[i];
            }
            return dot / Math.sqrt(Math.max(xx * yy, eps * eps));
        });
    }

    /** The p-norm of x1 - x2 + eps over the last dim. */
    private static Tensor pairwiseDistance(Args a) {
        PairReduction pr = reducedPair(a, "aten::pairwise_distance");
        double p = a.real(2), eps = a.real(3);
        return pr.reduce((x, y, start, len, step) -> {
            double acc = p == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0;
            for (int k = 0; k < len; k++) {
                int i = start + k * step;
                double d = Math.abs(x[i] - y[i] + eps);
                if (p == Double.POSITIVE_INFINITY) acc = Math.max(acc, d);
                else if (p == Double.NEGATIVE_INFINITY) acc = Math.min(acc, d);
                else if (p == 0) acc += d != 0 ? 1 : 0;
                else acc += Math.pow(d, p);
            }
            return Double.isInfinite(p) || p == 0 ? acc : Math.pow(acc, 1 / p);
        });
    }

    /** Both inputs broadcast, and the one dim reduced: for cosine_similarity args (x1, x2, dim), else the last dim. */
    private static PairReduction reducedPair(Args a, String op) {
        Tensor x1 = a.tensor(0), x2 = a.tensor(1);
        DType dt = TypePromotion.resultType(x1, x2);
        if (!dt.isFloatingPoint()) throw new IllegalArgumentException(op + ": inputs must be floating point, got " + x1.dtype() + " and " + x2.dtype());
        long[] shape = Shapes.broadcast(x1.shape(), x2.shape());
        boolean cosine = op.equals("aten::cosine_similarity");
        int dim = Shapes.normDim(cosine ? a.integer(2) : -1, shape.length);
        boolean keepdim = !cosine && a.bool(4);
        return new PairReduction(x1, x2, dt, shape, dim, keepdim);
    }

    /** Per-slice function over two broadcast operands: elements start, start + step, ... (len of them). */
    private interface SliceFn {
        double apply(double[] x, double[] y, int start, int len, int step);
    }

    private record PairReduction(Tensor x1, Tensor x2, DType dtype, long[] shape, int dim, boolean keepdim) {
        long[] outShape() {
            if (shape.length == 0) return shape;
            if (keepdim) {
                long[] s = shape.clone();
                s[dim] = 1;
                return s;
            }
            long[] s = new long[shape.length - 1];
            for (int d = 0, k = 0; d < shape.length; d++) if (d != dim) s[k++] = shape[d];
            return s;
        }

        Tensor meta() { return Tensor.meta(dtype, outShape()); }

        Tensor reduce(SliceFn fn) {
            double[] x = Shapes.broadcastTo(x1, shape).toDoubleArray();
            double[] y = Shapes.broadcastTo(x2, shape).toDoubleArray();
            int len = shape.length == 0 ? 1 : (int) shape[dim];
            int outer = 1, inner = 1;
            for (int d = 0; d < dim; d++) outer *= (int) shape[d];
            for (int d = dim + 1; d < shape.length; d++) inner *= (int) shape[d];
            double[] out = new double[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) out[o * inner + i] = fn.apply(x, y, o * len * inner + i, len, inner);
            }
            return NormOps.fill(out, meta());
        }
    }
}
