package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ShapeCopyOps.registerCopying;
import static dev.onnxport.ops.aten.ShapeViews.registerView;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Aten ops: slicing and indexing: slice, select, narrow, index_select, gather, scatter, index, flip, roll,
 * tril, triu (pads are in {@link IndexingPadOps}, advanced indexing in {@link AdvancedIndexing}).
 */
final class IndexingOps {
    private IndexingOps() {}

    public static void register(OpRegistry r) {
        registerView(r, "aten::slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)",
                (t, a) -> ShapeViews.slice("aten::slice", t, a.integer(1), a.optInteger(2), a.optInteger(3), a.integer(4)));
        registerView(r, "aten::select.int(Tensor(a) self, int dim, int index) -> Tensor(a)",
                (t, a) -> ShapeViews.select("aten::select", t, a.integer(1), a.integer(2)));
        registerView(r, "aten::narrow(Tensor(a) self, int dim, int start, int length) -> Tensor(a)",
                (t, a) -> ShapeViews.narrow("aten::narrow", t, a.integer(1), a.integer(2), a.integer(3)));
        registerCopying(r, "aten::index_select(Tensor self, int dim, Tensor index) -> Tensor",
                (a, meta) -> indexSelect(a.tensor(0), a.integer(1), a.tensor(2), meta));
        registerCopying(r, "aten::gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False) -> Tensor",
                (a, meta) -> gather(a.tensor(0), a.integer(1), a.tensor(2), meta));
        registerCopying(r, "aten::scatter.src(Tensor self, int dim, Tensor index, Tensor src) -> Tensor",
                (a, meta) -> scatter(a.tensor(0), a.integer(1), a.tensor(2), a.tensor(3), meta));
        registerCopying(r, "aten::flip(Tensor self, int[] dims) -> Tensor", (a, meta) -> flip(a.tensor(0), a.ints(1), meta));
        registerCopying(r, "aten::roll(Tensor self, int[1] shifts, int[1] dims=[]) -> Tensor",
                (a, meta) -> roll(a.tensor(0), a.ints(1), a.ints(2), meta));
        registerCopying(r, "aten::tril(Tensor self, int diagonal=0) -> Tensor", (a, meta) -> triangle("aten::tril", a.tensor(0), a.integer(1), true, meta));
        registerCopying(r, "aten::triu(Tensor self, int diagonal=0) -> Tensor", (a, meta) -> triangle("aten::triu", a.tensor(0), a.integer(1), false, meta));
        AdvancedIndexing.register(r);
        IndexingPadOps.register(r);
    }

    static Tensor indexSelect(Tensor self, long dim, Tensor index, boolean meta) {
        String op = "aten::index_select";
        if (index.dim() > 1) throw new IllegalArgumentException(op + ": index is supposed to be a vector, got shape " + Arrays.toString(index.shape()));
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": expected dtype int32 or int64 for index, got " + index.dtype().torchName());
        }
        int d = Shapes.normDim(dim, self.dim());
        long[] shape = self.shape();
        if (self.dim() > 0) shape[d] = index.numel();
        if (meta) return Tensor.meta(self.dtype(), shape);
        long[] idx = index.toLongArray();
        long size = self.dim() == 0 ? 1 : self.size(d);
        for (long v : idx) {
            if (v < 0 || v >= size) throw new IndexOutOfBoundsException(op + ": index " + v + " out of range for dimension " + d + " of size " + size);
        }
        if (self.dim() == 0) return self.copy();
        Tensor out = Tensor.zeros(self.dtype(), shape);
        for (int i = 0; i < idx.length; i++) {
            ShapeData.copyInto(ShapeViews.select(op, out, d, i), ShapeViews.select(op, self, d, idx[i]));
        }
        return out;
    }

    /** {@code out[i][j] = self[i][index[i][j]]} for dim 1, and so on. */
    static Tensor gather(Tensor self, long dim, Tensor index, boolean meta) {
        String op = "aten::gather";
        int d = checkScatterGather(op, self, dim, index, null);
        if (meta) return Tensor.meta(self.dtype(), index.shape());
        Tensor out = Tensor.zeros(self.dtype(), index.shape());
        Tensor s = atLeast1d(self), ix = atLeast1d(index);
        Storage from = s.storage(), to = out.storage(), is = ix.storage();
        boolean fp = self.dtype().isFloatingPoint();
        long size = s.size(d);
        long[] k = {0};
        forEachIndex(ix.shape(), pos -> {
            long v = checkIndex(op, is.getLong(ix.offsetOf(pos)), d, size);
            long saved = pos[d];
            pos[d] = v;
            long src = s.offsetOf(pos);
            pos[d] = saved;
            move(from, src, to, k[0]++, fp);
        });
        return out;
    }

    /** A copy of {@code self} with {@code out[i][index[i][j]] = src[i][j]} for dim 1, and so on. */
    static Tensor scatter(Tensor self, long dim, Tensor index, Tensor src, boolean meta) {
        String op = "aten::scatter";
        if (self.dtype() != src.dtype()) {
            throw new IllegalArgumentException(op + ": expected self.dtype to be equal to src.dtype, got "
                    + self.dtype().torchName() + " and " + src.dtype().torchName());
        }
        int d = checkScatterGather(op, self, dim, index, src);
        if (meta) return self.toMeta();
        Tensor out = self.copy();
        Tensor o = atLeast1d(out), ix = atLeast1d(index), sr = atLeast1d(src);
        Storage from = sr.storage(), to = o.storage(), is = ix.storage();
        boolean fp = self.dtype().isFloatingPoint();
        long size = o.size(d);
        forEachIndex(ix.shape(), pos -> {
            long v = checkIndex(op, is.getLong(ix.offsetOf(pos)), d, size);
            long from0 = sr.offsetOf(pos);
            long saved = pos[d];
            pos[d] = v;
            long dst = o.offsetOf(pos);
            pos[d] = saved;
            move(from, from0, to, dst, fp);
        });
        return out;
    }

    /** The shared checks of gather and scatter; returns the normalized dim. */
    private static int checkScatterGather(String op, Tensor self, long dim, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected dtype int64 for index, got " + index.dtype().torchName());
        }
        int rank = Math.max(self.dim(), 1);
        int d = Shapes.normDim(dim, self.dim());
        if (Math.max(index.dim(), 1) != rank || src != null && Math.max(src.dim(), 1) != rank) {
            throw new IllegalArgumentException(op + ": index tensor must have the same number of dimensions as "
                    + (src == null ? "input" : "self and src") + " tensor");
        }
        long[] ix = atLeast1d(index).shape(), sh = atLeast1d(self).shape();
        long[] sr = src == null ? null : atLeast1d(src).shape();
        for (int k = 0; k < rank; k++) {
            if (k != d && ix[k] > sh[k] || sr != null && ix[k] > sr[k]) {
                throw new IllegalArgumentException(op + ": size does not match at dimension " + k + ": expected index "
                        + Arrays.toString(index.shape()) + " to be smaller than self " + Arrays.toString(self.shape())
                        + " apart from dimension " + d + (sr == null ? "" : " and to be smaller size than src " + Arrays.toString(src.shape())));
            }
        }
        return d;
    }

    private static long checkIndex(String op, long v, int d, long size) {
        if (v < 0 || v >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + d + " with size " + size);
        }
        return v;
    }

    static Tensor flip(Tensor t, long[] dims, boolean meta) {
        long[] shape = t.shape(), strides = t.strides();
        boolean[] seen = new boolean[Math.max(shape.length, 1)];
        long offset = t.offset();
        for (long dim : dims) {
            int d = Shapes.normDim(dim, t.dim());
            if (seen[d]) throw new IllegalArgumentException("aten::flip: dim " + d + " appears multiple times in the list of dims");
            seen[d] = true;
            if (t.dim() == 0 || shape[d] == 0) continue;
            offset += (shape[d] - 1) * strides[d];
            strides[d] = -strides[d];
        }
        if (meta) return t.toMeta();
        return t.asStrided(shape, strides, offset).copy();
    }

    /** Rotates elements along each dim; with no dims, along the flattened tensor. */
    static Tensor roll(Tensor t, long[] shifts, long[] dims, boolean meta) {
        String op = "aten::roll";
        if (dims.length == 0) {
            if (shifts.length != 1) throw new IllegalArgumentException(op + ": shifts and dimensions must align. shifts: " + shifts.length + ", dims:0");
            if (meta) return t.toMeta();
            Tensor flat = roll(ShapeViews.reshape(op, t, new long[] {-1}), shifts, new long[] {0}, false);
            return flat.asStrided(t.shape(), Shapes.contiguousStrides(t.shape()), 0);
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException(op + ": shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        for (long dim : dims) Shapes.normDim(dim, t.dim());
        if (meta) return t.toMeta();
        Tensor cur = t;
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.normDim(dims[i], t.dim());
            long size = t.dim() == 0 ? 1 : t.size(d);
            long s = size == 0 ? 0 : Math.floorMod(shifts[i], size);
            if (s == 0) continue;
            Tensor tail = ShapeViews.slice(op, cur, d, size - s, null, 1), head = ShapeViews.slice(op, cur, d, 0L, size - s, 1);
            cur = ShapeCopyOps.cat(op, new Tensor[] {tail, head}, d, false);
        }
        return cur == t ? t.copy() : cur;
    }

    /** tril keeps elements with {@code col - row <= diagonal}, triu those with {@code col - row >= diagonal}. */
    static Tensor triangle(String op, Tensor t, long diagonal, boolean lower, boolean meta) {
        if (t.dim() < 2) throw new IllegalArgumentException(op + ": input tensor must have at least 2 dimensions, got " + t.dim());
        if (meta) return t.toMeta();
        Tensor out = t.copy();
        long rows = t.size(-2), cols = t.size(-1);
        Storage st = out.storage();
        long n = out.numel();
        for (long i = 0; i < n; i++) {
            long col = i % cols, row = (i / cols) % rows;
            boolean keep = lower ? col - row <= diagonal : col - row >= diagonal;
            if (!keep) st.setLong(i, 0);
        }
        return out;
    }

    // ---- helpers shared by the indexing kernels ---------------------------------------------------

    /** A 0-d tensor seen as shape [1] (gather and scatter treat scalars so). */
    static Tensor atLeast1d(Tensor t) {
        return t.dim() > 0 ? t : t.asStrided(new long[] {1}, new long[] {1}, t.offset());
    }

    /** Calls {@code body} with every multi-index of {@code shape} in row-major order (the array is reused). */
    static void forEachIndex(long[] shape, Consumer<long[]> body) {
        if (Shapes.numel(shape) == 0) return;
        long[] pos = new long[shape.length];
        while (true) {
            body.accept(pos);
            int d = shape.length - 1;
            while (d >= 0 && ++pos[d] == shape[d]) pos[d--] = 0;
            if (d < 0) return;
        }
    }

    /** Copies one element between storages of the same dtype, exactly. */
    static void move(Storage from, long src, Storage to, long dst, boolean floating) {
        if (floating) to.setDouble(dst, from.getDouble(src));
        else to.setLong(dst, from.getLong(src));
    }
}
