package dev.onnxport.ops.aten;

import dev.onnxport.kernels.Parallel;
import dev.onnxport.kernels.SimpleGemm;
import dev.onnxport.kernels.Sgemm;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Batched matrix product of strided tensors: float32 through {@link Sgemm} directly on the
 * backing arrays (no copy of transposed or broadcast views), other dtypes through {@link SimpleGemm}.
 */
final class LinalgProduct {
    private LinalgProduct() {}

    /**
     * {@code a} is {@code [batch..., m, k]}, {@code b} is {@code [batch..., k, n]} with the same batch
     * shape (broadcast views with zero strides are fine). Returns a new contiguous {@code [batch..., m, n]}.
     */
    static Tensor bmm(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, got "
                    + a.dtype().torchName() + " and " + b.dtype().torchName());
        }
        int nd = a.dim();
        long[] as = a.shape(), bs = b.shape();
        int m = Math.toIntExact(as[nd - 2]), k = Math.toIntExact(as[nd - 1]), n = Math.toIntExact(bs[nd - 1]);
        long[] outShape = Arrays.copyOf(as, nd);
        outShape[nd - 1] = n;
        DType dt = a.dtype();
        if (dt == DType.FLOAT32) return bmmF32(a, b, m, k, n, outShape);
        Tensor ac = a.contiguous(), bc = b.contiguous();
        int batches = Math.toIntExact(Shapes.numel(Arrays.copyOf(as, nd - 2)));
        if (dt.isFloatingPoint()) {
            double[] x = ac.toDoubleArray(), y = bc.toDoubleArray(), z = new double[batches * m * n];
            for (int t = 0; t < batches; t++) {
                SimpleGemm.dgemm(m, n, k, x, t * m * k, k, 1, y, t * k * n, n, 1, z, t * m * n, n, false);
            }
            return Tensor.of(z, outShape).to(dt);
        }
        long[] x = ac.toLongArray(), y = bc.toLongArray(), z = new long[batches * m * n];
        for (int t = 0; t < batches; t++) {
            SimpleGemm.lgemm(m, n, k, x, t * m * k, k, 1, y, t * k * n, n, 1, z, t * m * n, n, false);
        }
        return Tensor.of(z, outShape).to(dt);
    }

    private static Tensor bmmF32(Tensor a, Tensor b, int m, int k, int n, long[] outShape) {
        a = heapF32(a);
        b = heapF32(b);
        float[] x = array(a), y = array(b);
        int nd = outShape.length;
        long[] batch = Arrays.copyOf(outShape, nd - 2);
        int batches = Math.toIntExact(Shapes.numel(batch));
        int[] aOff = batchOffsets(a, batch), bOff = batchOffsets(b, batch);
        int rsA = Math.toIntExact(a.stride(nd - 2)), csA = Math.toIntExact(a.stride(nd - 1));
        int rsB = Math.toIntExact(b.stride(nd - 2)), csB = Math.toIntExact(b.stride(nd - 1));
        Tensor out = Tensor.zeros(DType.FLOAT32, outShape);
        float[] z = array(out);
        int mn = m * n;
        // many small products: spread the batch over cores instead of splitting each product
        long work = (long) m * n * k;
        IntConsumer one = t -> Sgemm.gemm(m, n, k, x, aOff[t], rsA, csA, y, bOff[t], rsB, csB, z, t * mn, n, false);
        if (batches > 1 && work < Sgemm.PARALLEL_MIN_WORK && work * batches >= Sgemm.PARALLEL_MIN_WORK) Parallel.run(batches, one);
        else for (int t = 0; t < batches; t++) one.accept(t);
        return out;
    }

    /** The storage offset of each batch's matrix, in row-major batch order. */
    private static int[] batchOffsets(Tensor t, long[] batch) {
        int nb = batch.length;
        int count = Math.toIntExact(Shapes.numel(batch));
        int[] offs = new int[count];
        long[] st = t.strides();
        long[] idx = new long[nb];
        long off = t.offset();
        for (int i = 0; i < count; i++) {
            offs[i] = Math.toIntExact(off);
            for (int d = nb - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) { off += st[d]; break; }
                off -= st[d] * (idx[d] - 1);
                idx[d] = 0;
            }
        }
        return offs;
    }

    /** {@code t} itself when it is float32 on the heap (any strides), else a contiguous heap copy. */
    static Tensor heapF32(Tensor t) {
        if (t.dtype() == DType.FLOAT32 && t.storage() instanceof HeapStorage) return t;
        int[] order = denseOrder(t);
        if (order == null) return Tensor.of(t.floats(), t.shape());
        // a permutation of a dense block (a transposed weight): copy it in its storage order and view it the same way,
        // so that the product reads it as it would the original and rounds the same (the GEMM kernels pick their
        // loops by the operands' strides)
        int nd = order.length;
        long[] shape = t.shape(), strides = t.strides(), pShape = new long[nd], pStrides = new long[nd];
        for (int i = 0; i < nd; i++) {
            pShape[i] = shape[order[i]];
            pStrides[i] = strides[order[i]];
        }
        Tensor copy = Tensor.of(t.asStrided(pShape, pStrides, t.offset()).floats(), pShape);
        long[] back = new long[nd];
        for (int i = 0; i < nd; i++) back[order[i]] = copy.stride(i);
        return copy.asStrided(shape, back, 0);
    }

    /** The dims of t by decreasing stride when its elements fill a dense block in some dim order, else null. */
    private static int[] denseOrder(Tensor t) {
        int nd = t.dim();
        long[] shape = t.shape(), strides = t.strides();
        Integer[] dims = new Integer[nd];
        for (int i = 0; i < nd; i++) dims[i] = i;
        Arrays.sort(dims, (x, y) -> Long.compare(strides[y], strides[x]));
        long expect = 1;
        for (int i = nd - 1; i >= 0; i--) {
            int d = dims[i];
            if (shape[d] != 1 && strides[d] != expect) return null;
            expect *= shape[d];
        }
        int[] order = new int[nd];
        for (int i = 0; i < nd; i++) order[i] = dims[i];
        return order;
    }

    /** The float[] behind a float32 heap tensor (index with the tensor's offset and strides). */
    static float[] array(Tensor t) {
        return (float[]) ((HeapStorage) t.storage()).array();
    }
}
