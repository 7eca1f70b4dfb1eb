package dev.onnxport.ops.aten;

import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * A tensor seen as {@code rows x len}: the kept dims outside, the reduced dims inside, so that the
 * elements one output element depends on form one contiguous row of {@link #view}'s row-major order.
 * {@link #restore} puts a result computed in that layout back into the original dim order.
 */
final class ReductionRows {
    /** The input with its dims permuted to kept dims then reduced dims (a view, no copy). */
    final Tensor view;
    final int rows;
    final int len;
    /** The reduced shape: reduced dims dropped, or kept as 1 with keepdim. */
    final long[] outShape;
    private final int[] perm;

    private ReductionRows(Tensor view, int rows, int len, long[] outShape, int[] perm) {
        this.view = view;
        this.rows = rows;
        this.len = len;
        this.outShape = outShape;
        this.perm = perm;
    }

    /** Reduces over {@code dims} (null or empty: all dims). Errors name {@code op}. */
    static ReductionRows of(String op, Tensor x, long[] dims, boolean keepdim) {
        int nd = x.dim();
        boolean[] reduced = new boolean[nd];
        if (dims == null || dims.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (long d : dims) {
                int n;
                try {
                    n = Shapes.normDim(d, nd);
                } catch (IndexOutOfBoundsException e) {
                    throw new IllegalArgumentException(op + ": argument 'dim': " + e.getMessage(), e);
                }
                if (nd == 0) continue;
                if (reduced[n]) throw new IllegalArgumentException(op + ": dim " + n + " appears multiple times in the list of dims");
                reduced[n] = true;
            }
        }
        long[] shape = x.shape(), strides = x.strides();
        int[] perm = new int[nd];
        int p = 0;
        long rows = 1, len = 1;
        for (int d = 0; d < nd; d++) if (!reduced[d]) { perm[p++] = d; rows *= shape[d]; }
        for (int d = 0; d < nd; d++) if (reduced[d]) { perm[p++] = d; len *= shape[d]; }
        long[] ps = new long[nd], pst = new long[nd];
        for (int i = 0; i < nd; i++) {
            ps[i] = shape[perm[i]];
            pst[i] = strides[perm[i]];
        }
        long[] out = keepdim ? shape.clone() : new long[nd - count(reduced)];
        for (int d = 0, o = 0; d < nd; d++) {
            if (keepdim) { if (reduced[d]) out[d] = 1; } else if (!reduced[d]) out[o++] = shape[d];
        }
        return new ReductionRows(x.asStrided(ps, pst, x.offset()), Math.toIntExact(rows), Math.toIntExact(len), out, perm);
    }

    /** Rows along one dim: every other dim is kept, {@code dim} is moved last. */
    static ReductionRows along(String op, Tensor x, long dim) {
        return of(op, x, new long[] {dim}, true);
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) if (v) n++;
        return n;
    }

    /**
     * {@code r}, a contiguous result in the permuted layout (kept dims, then the reduced dims with
     * possibly new sizes), as a contiguous tensor in the original dim order.
     */
    Tensor restore(Tensor r) {
        int nd = perm.length;
        long[] ps = r.shape(), pst = r.strides();
        long[] shape = new long[nd], strides = new long[nd];
        for (int i = 0; i < nd; i++) {
            shape[perm[i]] = ps[i];
            strides[perm[i]] = pst[i];
        }
        return r.asStrided(shape, strides, r.offset()).contiguous();
    }

    /** The shape of the permuted input with the last (reduced) dim resized to {@code size}. */
    long[] permutedShape(long size) {
        long[] s = view.shape();
        if (s.length > 0) s[s.length - 1] = size;
        return s;
    }
}
