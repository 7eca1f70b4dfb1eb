package dev.onnxport.tensor;

import java.nio.ByteBuffer;

/**
 * Flat element storage of one dtype. Elements are addressed by index, never by byte.
 * Three kinds exist: {@link HeapStorage} (Java arrays, writable), {@link BufferStorage}
 * (a little-endian byte buffer, typically a read-only region of a memory-mapped file) and
 * {@link WidenedStorage} (read-only float32 elements converted on access from a float16 or bfloat16
 * {@code BufferStorage}).
 */
public abstract sealed class Storage permits HeapStorage, BufferStorage, WidenedStorage {
    protected final DType dtype;

    protected Storage(DType dtype) { this.dtype = dtype; }

    public final DType dtype() { return dtype; }

    /** Number of elements. */
    public abstract long length();

    public abstract boolean isReadOnly();

    /** Element {@code i} as a double (bool: 0 or 1). */
    public abstract double getDouble(long i);

    /** Element {@code i} as a long (floating values truncate toward zero). */
    public abstract long getLong(long i);

    public abstract void setDouble(long i, double v);

    public abstract void setLong(long i, long v);

    /**
     * Copies {@code count} elements starting at {@code from} into {@code dst} as little-endian raw bytes.
     * This is how initializers and safetensors data are written without per-element boxing.
     */
    public abstract void copyBytesTo(long from, long count, ByteBuffer dst);

    /**
     * Copies {@code rows} rows of {@code count} elements into {@code dst} as little-endian raw bytes, row after
     * row; element {@code k} of row {@code r} is at {@code start + r * rowStride + k * stride}. This is how a
     * strided view (a transposed weight) is written without a contiguous copy: a block of rows is read
     * together, so that a column of the source is read from consecutive addresses.
     */
    public abstract void copyStridedBytesTo(long start, long rowStride, int rows, long stride, long count, ByteBuffer dst);

    /** Bytes of storage the elements occupy. */
    public final long byteSize() { return length() * dtype.byteSize(); }
}
