package dev.onnxport.ops.aten;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;

/**
 * Broadcast iteration over operands held as contiguous arrays in their own shapes. Iteration is by
 * rows: adjacent dims that every operand walks the same way are merged, so that a kernel's inner loop
 * is a plain strided array loop (one call per row, not per element). Also converts between tensors
 * and the Java arrays kernels compute on.
 */
final class ElementwiseLoops {
    /** Work on one row: output elements {@code [outOff, outOff + len)}; operand k starts at {@code off[k]}. */
    @FunctionalInterface
    interface Row {
        /** {@code off} is reused between rows and must not be modified. */
        void run(int outOff, int len, int[] off);
    }

    final long[] shape;
    final int numel;
    /** Inner (per element) stride of each operand within a row: 1, or 0 when broadcast. */
    final int[] stride;
    private final int innerLen;
    private final long[] outerSize;
    private final long[][] outerStride; // [outer dim][operand]

    /** Iteration over {@code outShape} for operands of the given shapes (each broadcastable to it). */
    ElementwiseLoops(long[] outShape, long[]... operandShapes) {
        this.shape = outShape.clone();
        this.numel = Math.toIntExact(Shapes.numel(outShape));
        int nd = outShape.length, nOps = operandShapes.length;
        // per-dim strides of each operand into its own contiguous array, 0 on broadcast dims
        long[][] st = new long[nd][nOps];
        for (int k = 0; k < nOps; k++) {
            long[] s = operandShapes[k];
            long[] cs = Shapes.contiguousStrides(s);
            for (int j = 0; j < s.length; j++) {
                int d = nd - s.length + j;
                st[d][k] = s[j] == 1 ? 0 : cs[j];
            }
        }
        // coalesce from the innermost dim outwards, skipping size-1 dims
        long[] sizes = new long[nd];
        long[][] strides = new long[nd][];
        int groups = 0;
        for (int d = nd - 1; d >= 0; d--) {
            if (outShape[d] == 1) continue;
            if (groups > 0 && mergeable(strides[groups - 1], sizes[groups - 1], st[d])) {
                sizes[groups - 1] *= outShape[d];
            } else {
                sizes[groups] = outShape[d];
                strides[groups] = st[d];
                groups++;
            }
        }
        stride = new int[nOps];
        if (groups == 0) {
            innerLen = 1;
            outerSize = new long[0];
            outerStride = new long[0][];
        } else {
            innerLen = (int) sizes[0];
            for (int k = 0; k < nOps; k++) stride[k] = (int) strides[0][k];
            outerSize = new long[groups - 1];
            outerStride = new long[groups - 1][];
            for (int g = 1; g < groups; g++) {
                outerSize[g - 1] = sizes[g];
                outerStride[g - 1] = strides[g];
            }
        }
    }

    private static boolean mergeable(long[] inner, long innerSize, long[] outer) {
        for (int k = 0; k < inner.length; k++) if (outer[k] != inner[k] * innerSize) return false;
        return true;
    }

    /** Calls {@code row} for every row of the output, in row-major order. */
    void forEachRow(Row row) {
        if (numel == 0) return;
        int nOps = stride.length;
        int[] off = new int[nOps];
        int rows = numel / innerLen;
        long[] idx = new long[outerSize.length];
        for (int r = 0; r < rows; r++) {
            row.run(r * innerLen, innerLen, off);
            for (int d = 0; d < outerSize.length; d++) {
                long[] s = outerStride[d];
                if (++idx[d] < outerSize[d]) {
                    for (int k = 0; k < nOps; k++) off[k] += (int) s[k];
                    break;
                }
                for (int k = 0; k < nOps; k++) off[k] -= (int) (s[k] * (outerSize[d] - 1));
                idx[d] = 0;
            }
        }
    }

    // ---- arrays <-> tensors ----------------------------------------------------------------------

    /** The values of {@code t} converted to {@code compute} (PyTorch's cast first), as doubles. */
    static double[] doubles(Tensor t, DType compute) {
        return t.to(compute).toDoubleArray();
    }

    /** The values of {@code t} converted to the integral or bool dtype {@code compute}, as longs. */
    static long[] longs(Tensor t, DType compute) {
        return t.to(compute).toLongArray();
    }

    /** A contiguous tensor of {@code dtype} holding {@code v} (bool: nonzero is true). */
    static Tensor fromDoubles(double[] v, DType dtype, long[] shape) {
        switch (dtype) {
            case FLOAT64: return Tensor.of(v, shape.clone());
            case FLOAT32: {
                float[] f = new float[v.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
                return Tensor.of(f, shape.clone());
            }
            default: {
                Tensor out = Tensor.zeros(dtype, shape);
                Storage s = out.storage();
                for (int i = 0; i < v.length; i++) s.setDouble(i, v[i]);
                return out;
            }
        }
    }

    /** A contiguous tensor of {@code dtype} holding {@code v}. */
    static Tensor fromLongs(long[] v, DType dtype, long[] shape) {
        if (dtype == DType.INT64) return Tensor.of(v, shape.clone());
        Tensor out = Tensor.zeros(dtype, shape);
        Storage s = out.storage();
        for (int i = 0; i < v.length; i++) s.setLong(i, v[i]);
        return out;
    }

    /** A bool tensor over {@code b} (0 or 1 per element). */
    static Tensor fromBools(byte[] b, long[] shape) {
        return Tensor.wrap(HeapStorage.ofBytes(DType.BOOL, b), shape.clone());
    }

    /** A 0-d tensor of {@code dtype} holding the Scalar {@code s} (Long, Double or Boolean), cast as PyTorch casts it. */
    static Tensor scalarTensor(Object s, DType dtype) {
        if (s instanceof Long || s instanceof Integer) {
            long v = ((Number) s).longValue();
            if (dtype.isFloatingPoint()) return Tensor.scalar((double) v, dtype);
            Tensor t = Tensor.zeros(dtype);
            t.storage().setLong(0, v);
            return t;
        }
        if (s instanceof Boolean b) return Tensor.scalar(b ? 1 : 0, dtype);
        double d = ((Number) s).doubleValue();
        if (!dtype.isFloatingPoint() && !dtype.isBool() && (Double.isNaN(d) || Double.isInfinite(d))) {
            throw new IllegalArgumentException("value " + d + " cannot be converted to " + dtype.torchName()
                    + " without overflow");
        }
        return Tensor.scalar(d, dtype);
    }
}
