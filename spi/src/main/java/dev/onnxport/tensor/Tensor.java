package dev.onnxport.tensor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * An n-dimensional array: a dtype, a shape, strides and an offset into a {@link Storage}.
 * Views (transpose, expand, slice, ...) share storage and differ only in shape, strides and offset,
 * as in PyTorch. A tensor without storage is a <em>meta</em> tensor: it has a shape and a dtype
 * but no data, and is what shape-only tracing computes.
 *
 * <p>Identity matters: the tracer maps tensor objects to graph values, so {@code equals} is identity.
 * Operators live in the registry ({@link dev.onnxport.ops.OpRegistry}) and in the {@code Torch}
 * and {@code F} facades, not here.
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final Storage storage;

    private Tensor(DType dtype, long[] shape, long[] strides, long offset, Storage storage) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.storage = storage;
    }

    // ---- creation -------------------------------------------------------------------------

    /** A contiguous tensor over {@code storage} with the given shape. */
    public static Tensor wrap(Storage storage, long... shape) {
        long n = Shapes.numel(shape);
        if (n > storage.length()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " elements but the storage has " + storage.length());
        }
        return new Tensor(storage.dtype(), shape.clone(), Shapes.contiguousStrides(shape), 0, storage);
    }

    /** A zero-filled contiguous heap tensor. */
    public static Tensor zeros(DType dtype, long... shape) {
        Shapes.checkShape(shape);
        return wrap(HeapStorage.allocate(dtype, Shapes.numel(shape)), shape);
    }

    /** Same as {@link #zeros}; kernels use it for outputs they fill completely. */
    public static Tensor empty(DType dtype, long... shape) { return zeros(dtype, shape); }

    /** A tensor with shape and dtype but no data. */
    public static Tensor meta(DType dtype, long... shape) {
        Shapes.checkShape(shape);
        return new Tensor(dtype, shape.clone(), Shapes.contiguousStrides(shape), 0, null);
    }

    public static Tensor of(float[] data, long... shape) { return wrap(HeapStorage.of(data), shapeOr1d(shape, data.length)); }
    public static Tensor of(double[] data, long... shape) { return wrap(HeapStorage.of(data), shapeOr1d(shape, data.length)); }
    public static Tensor of(long[] data, long... shape) { return wrap(HeapStorage.of(data), shapeOr1d(shape, data.length)); }
    public static Tensor of(int[] data, long... shape) { return wrap(HeapStorage.of(data), shapeOr1d(shape, data.length)); }

    public static Tensor of(boolean[] data, long... shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return wrap(HeapStorage.ofBytes(DType.BOOL, b), shapeOr1d(shape, data.length));
    }

    /** A 0-d tensor holding {@code v} as {@code dtype}. */
    public static Tensor scalar(double v, DType dtype) {
        Tensor t = zeros(dtype);
        t.storage.setDouble(0, v);
        return t;
    }

    /** A 0-d int64 tensor. */
    public static Tensor scalar(long v) {
        Tensor t = zeros(DType.INT64);
        t.storage.setLong(0, v);
        return t;
    }

    private static long[] shapeOr1d(long[] shape, int n) {
        if (shape.length == 0 && n != 1) return new long[] {n};
        if (Shapes.numel(shape) != n) {
            throw new IllegalArgumentException(n + " values do not fill shape " + Arrays.toString(shape));
        }
        return shape;
    }

    // ---- metadata -------------------------------------------------------------------------

    public DType dtype() { return dtype; }
    public long[] shape() { return shape.clone(); }
    public long[] strides() { return strides.clone(); }
    public long offset() { return offset; }
    public int dim() { return shape.length; }
    public long numel() { return Shapes.numel(shape); }
    /** The storage, or null for a meta tensor. */
    public Storage storage() { return storage; }
    public boolean isMeta() { return storage == null; }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public long size(int d) { return shape[Shapes.normDim(d, shape.length)]; }

    public long stride(int d) { return strides[Shapes.normDim(d, shape.length)]; }

    /**
     * Size of dimension {@code d} as a {@link SymInt}: while tracing it is recorded as
     * {@code aten::size}, so that shapes computed from it stay dynamic in the exported graph.
     */
    public SymInt symSize(int d) { return SizeTracer.current().symSize(this, Shapes.normDim(d, shape.length)); }

    /** All sizes as SymInts (see {@link #symSize}). */
    public SymInt[] symShape() {
        SymInt[] s = new SymInt[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = symSize(i);
        return s;
    }

    public boolean isContiguous() {
        if (numel() == 0) return true;  // as PyTorch: an empty tensor is contiguous whatever its strides
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    // ---- views and copies -------------------------------------------------------------------

    /** A view sharing this tensor's storage; the caller is responsible for staying in bounds. */
    public Tensor asStrided(long[] newShape, long[] newStrides, long newOffset) {
        if (newShape.length != newStrides.length) throw new IllegalArgumentException("shape and strides differ in rank");
        return new Tensor(dtype, newShape.clone(), newStrides.clone(), newOffset, storage);
    }

    /** A meta tensor of this shape and dtype. */
    public Tensor toMeta() { return meta(dtype, shape); }

    /** This tensor if it is contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        if (isContiguous() && (storage == null || offset == 0 && storage.length() == numel())) return this;
        return copy(dtype);
    }

    /** A contiguous heap copy converted to {@code target} (PyTorch cast rules: float to int truncates, nonzero to bool is true). */
    public Tensor copy(DType target) {
        if (storage == null) return meta(target, shape);
        Tensor out = zeros(target, shape);
        Storage dst = out.storage;
        final long[] k = {0};
        boolean exactInts = !dtype.isFloatingPoint() && !target.isFloatingPoint();
        if (target == DType.BOOL) {
            forEachOffset(off -> dst.setLong(k[0]++, storage.getDouble(off) != 0 ? 1 : 0));
        } else if (exactInts) {
            forEachOffset(off -> dst.setLong(k[0]++, storage.getLong(off)));
        } else if (target.isFloatingPoint() && !dtype.isFloatingPoint() && target != DType.FLOAT64) {
            // int64 -> float32 in one rounding; through double it would round twice (2^60 + 2^36 + 1)
            forEachOffset(off -> dst.setDouble(k[0]++, (float) storage.getLong(off)));
        } else if (target.isFloatingPoint()) {
            forEachOffset(off -> dst.setDouble(k[0]++, storage.getDouble(off)));
        } else {
            forEachOffset(off -> dst.setLong(k[0]++, castToLong(storage.getDouble(off))));
        }
        return out;
    }

    private static long castToLong(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Long.MIN_VALUE;  // what PyTorch gives on x86
        return (long) v;
    }

    /** A contiguous copy of the same dtype on the heap. */
    public Tensor copy() { return copy(dtype); }

    /** This tensor converted to {@code target}, or itself when already of that dtype. */
    public Tensor to(DType target) { return target == dtype ? this : copy(target); }

    /**
     * This tensor as float32, exactly: itself when it is float32; for float16 or bfloat16 over a byte buffer (a
     * memory-mapped file), a read-only float32 view of the same shape, strides and offset that converts elements as
     * they are read ({@link WidenedStorage}), so nothing is copied onto the heap; for float16 or bfloat16 on the heap,
     * a heap copy; for a meta tensor, a float32 meta tensor. Other dtypes are refused: use {@link #to} to convert them.
     */
    public Tensor widenedToFloat32() {
        if (dtype == DType.FLOAT32) return this;
        if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
            throw new IllegalArgumentException("widenedToFloat32() widens float16 and bfloat16 tensors, not " + dtype
                    + "; use to(DType.FLOAT32) to convert it");
        }
        if (storage == null) return meta(DType.FLOAT32, shape);
        if (storage instanceof BufferStorage b) return new Tensor(DType.FLOAT32, shape, strides, offset, new WidenedStorage(b));
        return copy(DType.FLOAT32);
    }

    // ---- element access -------------------------------------------------------------------

    /** Calls {@code action} with the storage offset of every element, in row-major logical order. */
    public void forEachOffset(LongConsumer action) {
        int nd = shape.length;
        long n = numel();
        if (n == 0) return;
        if (nd == 0) { action.accept(offset); return; }
        if (isContiguous()) {
            for (long i = 0; i < n; i++) action.accept(offset + i);
            return;
        }
        long[] idx = new long[nd];
        long off = offset;
        for (long i = 0; i < n; i++) {
            action.accept(off);
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) { off += strides[d]; break; }
                off -= strides[d] * (idx[d] - 1);
                idx[d] = 0;
            }
        }
    }

    /**
     * Copies logical elements {@code [from, from + count)}, in row-major order, into {@code dst} as little-endian
     * raw bytes, whatever the strides: a view (a transposed weight) is read row by row, never copied whole.
     */
    public void copyBytesTo(long from, long count, ByteBuffer dst) {
        Storage s = requireData();
        if (count == 0) return;
        if (isContiguous()) {
            s.copyBytesTo(offset + from, count, dst);
            return;
        }
        int nd = shape.length;
        long last = shape[nd - 1], step = strides[nd - 1];
        long rowsInDim = nd >= 2 ? shape[nd - 2] : 1, rowStride = nd >= 2 ? strides[nd - 2] : 0;
        for (long i = from, end = from + count; i < end; ) {
            long col = i % last;
            if (col == 0 && end - i >= 2 * last) {
                // Whole rows: a block of up to ROW_BLOCK rows of the same matrix at once (cache-friendly transposes).
                long row = (i / last) % rowsInDim;
                int rows = (int) Math.min(ROW_BLOCK, Math.min(rowsInDim - row, (end - i) / last));
                s.copyStridedBytesTo(offsetOfLinear(i), rowStride, rows, step, last, dst);
                i += rows * last;
            } else {
                long n = Math.min(last - col, end - i);
                s.copyStridedBytesTo(offsetOfLinear(i), 0, 1, step, n, dst);
                i += n;
            }
        }
    }

    /**
     * Rows of a strided view copied together by {@link #copyBytesTo} (at most what the destination holds). For a
     * transposed weight these are the lengths of the runs read from the source: 256 floats (1 KiB) per run made
     * GPT-2's serialization 0.6-0.7 s against 1.1 s with 64 (each run waits on memory: the runs are a row apart).
     */
    private static final int ROW_BLOCK = 256;

    /** Storage offset of the element at multi-index {@code idx}. */
    public long offsetOf(long... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index has " + idx.length + " dims, tensor has " + shape.length);
        }
        long off = offset;
        for (int d = 0; d < idx.length; d++) {
            long i = idx[d] < 0 ? idx[d] + shape[d] : idx[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + idx[d] + " out of range for dim " + d + " of size " + shape[d]);
            }
            off += i * strides[d];
        }
        return off;
    }

    /** Storage offset of the element at row-major logical index {@code linear}. */
    public long offsetOfLinear(long linear) {
        long off = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            long s = shape[d];
            off += (linear % s) * strides[d];
            linear /= s;
        }
        return off;
    }

    public double getDouble(long... idx) { return requireData().getDouble(offsetOf(idx)); }
    public long getLong(long... idx) { return requireData().getLong(offsetOf(idx)); }
    public void setDouble(double v, long... idx) { requireData().setDouble(offsetOf(idx), v); }
    public void setLong(long v, long... idx) { requireData().setLong(offsetOf(idx), v); }

    /** Element {@code linear} in row-major logical order, as a double. */
    public double getDoubleFlat(long linear) { return requireData().getDouble(offsetOfLinear(linear)); }
    public long getLongFlat(long linear) { return requireData().getLong(offsetOfLinear(linear)); }

    /** The value of a one-element tensor. */
    public double item() {
        SizeTracer.current().valueRead(this, "item()");
        if (numel() != 1) throw new IllegalStateException("item() needs one element, tensor has shape " + Arrays.toString(shape));
        return requireData().getDouble(offsetOfLinear(0));
    }

    public long itemLong() {
        SizeTracer.current().valueRead(this, "itemLong()");
        if (numel() != 1) throw new IllegalStateException("itemLong() needs one element, tensor has shape " + Arrays.toString(shape));
        return requireData().getLong(offsetOfLinear(0));
    }

    /**
     * The elements as a contiguous float[] in row-major order. Returns the backing array itself when this is a
     * whole contiguous float32 heap tensor, so callers must treat the result as read-only.
     */
    public float[] floats() {
        SizeTracer.current().valueRead(this, "floats()");
        requireData();
        if (dtype == DType.FLOAT32 && storage instanceof HeapStorage h && offset == 0 && isContiguous()
                && h.length() == numel()) {
            return (float[]) h.array();
        }
        float[] out = new float[Math.toIntExact(numel())];
        if (dtype == DType.FLOAT32 && storage instanceof BufferStorage b && isContiguous()) {
            // a memory-mapped weight: one bulk copy, not an element-by-element walk
            b.floats(offset).get(out);
            return out;
        }
        final int[] k = {0};
        forEachOffset(off -> out[k[0]++] = (float) storage.getDouble(off));
        return out;
    }

    /** The elements as a new double[] in row-major order. */
    public double[] toDoubleArray() {
        SizeTracer.current().valueRead(this, "toDoubleArray()");
        requireData();
        double[] out = new double[Math.toIntExact(numel())];
        final int[] k = {0};
        forEachOffset(off -> out[k[0]++] = storage.getDouble(off));
        return out;
    }

    /** The elements as a new long[] in row-major order. */
    public long[] toLongArray() {
        SizeTracer.current().valueRead(this, "toLongArray()");
        requireData();
        long[] out = new long[Math.toIntExact(numel())];
        final int[] k = {0};
        forEachOffset(off -> out[k[0]++] = storage.getLong(off));
        return out;
    }

    private Storage requireData() {
        if (storage == null) {
            throw new IllegalStateException("this is a meta tensor (shape " + Arrays.toString(shape)
                    + ", " + dtype + ") and has no data; it came from shape-only tracing");
        }
        return storage;
    }

    /** Short description: {@code Float(2, 3)} or {@code Float(2, 3, meta)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.irName()).append('(');
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (storage == null) sb.append(shape.length > 0 ? ", meta" : "meta");
        return sb.append(')').toString();
    }
}
