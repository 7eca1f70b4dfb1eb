package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: scatter_add, and indexing ops made of gather/scatter (index_add, index_copy, index_fill, index_put, take,
 * scatter with a value, one_hot, bucketize), the views diagonal, unfold and as_strided.
 */
final class IndexComposites {
    private IndexComposites() {}

    static void register(OpRegistry r) {
        r.register("aten::scatter_add(Tensor self, int dim, Tensor index, Tensor src) -> Tensor",
                Kernel.single(a -> scatterAdd(a.tensor(0), a.integer(1), a.tensor(2), a.tensor(3))),
                ShapeRule.single(a -> a.tensor(0).toMeta()));
        composite(r, "aten::scatter.value(Tensor self, int dim, Tensor index, Scalar value) -> Tensor",
                a -> call("aten::scatter.src", a.tensor(0), a.integer(1), a.tensor(2),
                        call("aten::new_full", a.tensor(0), a.tensor(2).shape(), a.scalar(3))));
        composite(r, "aten::index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1) -> Tensor", a -> {
            Tensor src = a.tensor(3);
            if (!(a.scalar(4) instanceof Long l && l == 1)) src = call("aten::mul.Scalar", src, a.scalar(4));
            return call("aten::scatter_add", a.tensor(0), a.integer(1), alongDim(a.tensor(2), src.shape(), a.integer(1), src.dim()), src);
        });
        composite(r, "aten::index_copy(Tensor self, int dim, Tensor index, Tensor source) -> Tensor",
                a -> call("aten::scatter.src", a.tensor(0), a.integer(1),
                        alongDim(a.tensor(2), a.tensor(3).shape(), a.integer(1), a.tensor(3).dim()), a.tensor(3)));
        composite(r, "aten::index_fill.int_Scalar(Tensor self, int dim, Tensor index, Scalar value) -> Tensor", a -> {
            Tensor x = a.tensor(0);
            int d = Shapes.normDim(a.integer(1), x.dim());
            long[] shape = x.shape();
            shape[d] = a.tensor(2).numel();
            return call("aten::scatter.value", x, (long) d, alongDim(a.tensor(2), shape, d, x.dim()), a.scalar(3));
        });
        composite(r, "aten::index_put(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor", a -> {
            Tensor[] idx = a.tensors(1);
            Tensor x = a.tensor(0), v = a.tensor(2);
            if (idx.length != 1 || idx[0] == null || idx[0].dtype() != DType.INT64 || idx[0].dim() != 1) {
                throw new IllegalArgumentException("aten::index_put: only one 1-D int64 index tensor (along dim 0) is supported");
            }
            long[] shape = x.shape();
            shape[0] = idx[0].numel();
            Tensor vals = call("aten::expand", v, shape);
            Tensor ix = alongDim(idx[0], shape, 0, x.dim());
            return a.bool(3) ? call("aten::scatter_add", x, 0L, ix, vals) : call("aten::scatter.src", x, 0L, ix, vals);
        });
        composite(r, "aten::take(Tensor self, Tensor index) -> Tensor",
                a -> call("aten::reshape", call("aten::index_select", call("aten::reshape", a.tensor(0), new long[] {-1}), 0L,
                        call("aten::reshape", a.tensor(1), new long[] {-1})), a.tensor(1).shape()));
        composite(r, "aten::one_hot(Tensor self, int num_classes=-1) -> Tensor", a -> {
            long c = a.integer(1);
            Tensor x = a.tensor(0);
            if (c < 0) {
                if (x.isMeta()) throw new IllegalArgumentException("aten::one_hot: num_classes=-1 depends on the data; give num_classes");
                c = call("aten::max", x).itemLong() + 1;
            }
            Tensor classes = call("aten::arange", c);
            return call("aten::to.dtype", call("aten::eq.Tensor", call("aten::unsqueeze", x, -1L), classes), DType.INT64);
        });
        r.register("aten::bucketize.Tensor(Tensor self, Tensor boundaries, *, bool out_int32=False, bool right=False) -> Tensor",
                Kernel.single(a -> bucketize(a.tensor(0), a.tensor(1), a.bool(2), a.bool(3))),
                ShapeRule.single(a -> Tensor.meta(a.bool(2) ? DType.INT32 : DType.INT64, a.tensor(0).shape())));
        ShapeViews.registerView(r, "aten::diagonal(Tensor(a) self, int offset=0, int dim1=0, int dim2=1) -> Tensor(a)", (t, a) -> {
            int n = t.dim();
            int d1 = Shapes.normDim(a.integer(2), n), d2 = Shapes.normDim(a.integer(3), n);
            if (d1 == d2) throw new IllegalArgumentException("aten::diagonal: dim1 and dim2 cannot be identical, but both are " + d1);
            long off = a.integer(1);
            long len = Math.max(0, off >= 0 ? Math.min(t.size(d1), t.size(d2) - off) : Math.min(t.size(d1) + off, t.size(d2)));
            long[] shape = new long[n - 1], strides = new long[n - 1];
            for (int k = 0, o = 0; k < n; k++) if (k != d1 && k != d2) { shape[o] = t.size(k); strides[o++] = t.stride(k); }
            shape[n - 2] = len;
            strides[n - 2] = t.stride(d1) + t.stride(d2);
            long start = t.offset() + (len == 0 ? 0 : off >= 0 ? off * t.stride(d2) : -off * t.stride(d1));
            return t.asStrided(shape, strides, start);
        });
        ShapeViews.registerView(r, "aten::unfold(Tensor(a) self, int dimension, int size, int step) -> Tensor(a)", (t, a) -> {
            int n = t.dim(), d = n == 0 ? 0 : Shapes.normDim(a.integer(1), n);
            long size = a.integer(2), step = a.integer(3);
            long len = n == 0 ? 1 : t.size(d);
            if (size > len) throw new IllegalArgumentException("aten::unfold: maximum size for tensor at dimension " + d + " is " + len + " but size is " + size);
            if (step <= 0) throw new IllegalArgumentException("aten::unfold: step is " + step + " but must be > 0");
            long[] shape = Arrays.copyOf(t.shape(), n + 1), strides = Arrays.copyOf(t.strides(), n + 1);
            shape[n] = size;
            strides[n] = n == 0 ? 1 : t.stride(d);
            if (n > 0) { shape[d] = (len - size) / step + 1; strides[d] = t.stride(d) * step; }
            return t.asStrided(shape, strides, t.offset());
        });
        ShapeViews.registerView(r, "aten::as_strided(Tensor(a) self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None) -> Tensor(a)",
                (t, a) -> t.asStrided(a.ints(1), a.ints(2), a.isNone(3) ? t.offset() : a.integer(3)));
    }

    /**
     * PyTorch's binary search of each value in the 1-D boundaries: the first position whose boundary is {@code >= v}
     * ({@code > v} when right); boundaries that are not sorted give what that search gives, as in PyTorch.
     */
    static Tensor bucketize(Tensor x, Tensor boundaries, boolean int32, boolean right) {
        if (boundaries.dim() != 1) throw new IllegalArgumentException("aten::bucketize: boundaries tensor must be 1 dimension");
        double[] v = x.toDoubleArray(), b = boundaries.toDoubleArray();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            int start = 0, end = b.length;
            while (start < end) {
                int mid = start + ((end - start) >> 1);
                boolean before = right ? !(b[mid] > v[i]) : !(b[mid] >= v[i]);
                if (before) start = mid + 1; else end = mid;
            }
            out[i] = start;
        }
        Tensor t = Tensor.of(out, x.shape());
        return int32 ? t.copy(DType.INT32) : t;
    }

    /** A 1-D index along {@code dim}, reshaped and expanded to {@code shape}, for gather/scatter. */
    static Tensor alongDim(Tensor index, long[] shape, long dim, int rank) {
        int d = Shapes.normDim(dim, rank);
        long[] view = new long[rank];
        Arrays.fill(view, 1);
        view[d] = -1;
        return call("aten::expand", call("aten::reshape", index, view), shape);
    }

    /** A copy of self with {@code out[..index[p]..] += src[p]} for every position p of index along dim. */
    static Tensor scatterAdd(Tensor self, long dim, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("aten::scatter_add: expected dtype int64 for index");
        if (self.dtype() != src.dtype()) throw new IllegalArgumentException("aten::scatter_add: expected self.dtype to be equal to src.dtype");
        int n = Math.max(self.dim(), 1);
        int d = self.dim() == 0 ? 0 : Shapes.normDim(dim, self.dim());
        long[] sh = self.dim() == 0 ? new long[] {1} : self.shape();
        long[] ish = index.dim() == 0 ? new long[] {1} : index.shape();
        long[] ssh = src.dim() == 0 ? new long[] {1} : src.shape();
        double[] out = self.toDoubleArray(), s = src.toDoubleArray();
        long[] ix = index.toLongArray();
        long[] pos = new long[n];
        for (int p = 0; p < ix.length; p++) {
            long q = p;
            for (int k = n - 1; k >= 0; k--) { pos[k] = q % ish[k]; q /= ish[k]; }
            long v = ix[p];
            if (v < 0 || v >= sh[d]) throw new IndexOutOfBoundsException("aten::scatter_add: index " + v + " is out of bounds for dimension " + d + " with size " + sh[d]);
            long so = 0, to = 0;
            for (int k = 0; k < n; k++) {
                so = so * ssh[k] + pos[k];
                to = to * sh[k] + (k == d ? v : pos[k]);
            }
            out[(int) to] += s[(int) so];
        }
        return Tensor.of(out, self.shape()).copy(self.dtype());
    }
}
