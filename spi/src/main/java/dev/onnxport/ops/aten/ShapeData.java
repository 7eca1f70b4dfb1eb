package dev.onnxport.ops.aten;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/** Element moves shared by the copying shape, indexing and factory kernels. */
final class ShapeData {
    private ShapeData() {}

    /**
     * Writes {@code src}'s elements, converted to {@code dst}'s dtype, into the positions of {@code dst}
     * (usually a view of a fresh output). Both must have the same shape.
     */
    static void copyInto(Tensor dst, Tensor src) {
        if (!Arrays.equals(dst.shape(), src.shape())) {
            throw new IllegalStateException("copy of shape " + Arrays.toString(src.shape()) + " into " + Arrays.toString(dst.shape()));
        }
        Tensor c = src.dtype() == dst.dtype() && src.isContiguous() ? src : src.copy(dst.dtype());
        Storage from = c.storage(), to = dst.storage();
        long base = c.offset();
        final long[] k = {base};
        if (dst.dtype().isFloatingPoint()) dst.forEachOffset(off -> to.setDouble(off, from.getDouble(k[0]++)));
        else dst.forEachOffset(off -> to.setLong(off, from.getLong(k[0]++)));
    }

    /** Sets every element of {@code dst} to {@code value} (Long, Double or Boolean) with PyTorch's cast rules. */
    static void fill(Tensor dst, Object value) {
        Storage to = dst.storage();
        DType dt = dst.dtype();
        if (dt.isFloatingPoint()) {
            double v = value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
            dst.forEachOffset(off -> to.setDouble(off, v));
        } else {
            long v;
            if (value instanceof Boolean b) v = b ? 1 : 0;
            else if (dt == DType.BOOL) v = ((Number) value).doubleValue() != 0 ? 1 : 0;
            else if (value instanceof Double d) v = d.longValue();  // truncates toward zero like a C++ cast
            else v = ((Number) value).longValue();
            dst.forEachOffset(off -> to.setLong(off, v));
        }
    }

    /** A new contiguous tensor of {@code dtype} and {@code shape} filled with {@code value}. */
    static Tensor filled(DType dtype, long[] shape, Object value) {
        Tensor t = Tensor.zeros(dtype, shape);
        fill(t, value);
        return t;
    }
}
