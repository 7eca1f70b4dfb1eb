package dev.onnxport.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Storage in a Java array: float[] for float32, double[], long[], int[], short[] (int16, float16, bfloat16), byte[]. */
public final class HeapStorage extends Storage {
    private final Object array;
    private final int length;

    private HeapStorage(DType dtype, Object array, int length) {
        super(dtype);
        this.array = array;
        this.length = length;
    }

    /** Zero-filled storage for {@code n} elements. */
    public static HeapStorage allocate(DType dtype, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a heap tensor holds at most " + (Integer.MAX_VALUE - 8)
                    + " elements, asked for " + n + "; keep large weights memory-mapped (safetensors)");
        }
        int len = (int) n;
        Object a = switch (dtype) {
            case FLOAT32 -> new float[len];
            case FLOAT64 -> new double[len];
            case INT64 -> new long[len];
            case INT32 -> new int[len];
            case INT16, FLOAT16, BFLOAT16 -> new short[len];
            case INT8, UINT8, BOOL -> new byte[len];
        };
        return new HeapStorage(dtype, a, len);
    }

    public static HeapStorage of(float[] a) { return new HeapStorage(DType.FLOAT32, a, a.length); }
    public static HeapStorage of(double[] a) { return new HeapStorage(DType.FLOAT64, a, a.length); }
    public static HeapStorage of(long[] a) { return new HeapStorage(DType.INT64, a, a.length); }
    public static HeapStorage of(int[] a) { return new HeapStorage(DType.INT32, a, a.length); }

    /** Wraps a short[] as int16, float16 or bfloat16 bits. */
    public static HeapStorage ofShorts(DType dtype, short[] a) {
        if (dtype != DType.INT16 && dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
            throw new IllegalArgumentException("short[] holds int16, float16 or bfloat16, not " + dtype);
        }
        return new HeapStorage(dtype, a, a.length);
    }

    /** Wraps a byte[] as int8, uint8 or bool (0/1). */
    public static HeapStorage ofBytes(DType dtype, byte[] a) {
        if (dtype != DType.INT8 && dtype != DType.UINT8 && dtype != DType.BOOL) {
            throw new IllegalArgumentException("byte[] holds int8, uint8 or bool, not " + dtype);
        }
        return new HeapStorage(dtype, a, a.length);
    }

    /** The backing array (float[], double[], long[], int[], short[] or byte[]); kernels use it directly. */
    public Object array() { return array; }

    @Override public long length() { return length; }
    @Override public boolean isReadOnly() { return false; }

    @Override
    public double getDouble(long li) {
        int i = (int) li;
        return switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i];
            case FLOAT64 -> ((double[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case INT16 -> ((short[]) array)[i];
            case FLOAT16 -> Half.fp16ToFloat(((short[]) array)[i]);
            case BFLOAT16 -> Half.bf16ToFloat(((short[]) array)[i]);
            case INT8, BOOL -> ((byte[]) array)[i];
            case UINT8 -> ((byte[]) array)[i] & 0xff;
        };
    }

    @Override
    public long getLong(long li) {
        int i = (int) li;
        return switch (dtype) {
            case INT64 -> ((long[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case INT16 -> ((short[]) array)[i];
            case INT8, BOOL -> ((byte[]) array)[i];
            case UINT8 -> ((byte[]) array)[i] & 0xff;
            default -> (long) getDouble(li);
        };
    }

    @Override
    public void setDouble(long li, double v) {
        int i = (int) li;
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case FLOAT16 -> ((short[]) array)[i] = Half.floatToFp16((float) v);
            case BFLOAT16 -> ((short[]) array)[i] = Half.floatToBf16((float) v);
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setLong(li, (long) v);
        }
    }

    @Override
    public void setLong(long li, long v) {
        int i = (int) li;
        switch (dtype) {
            case INT64 -> ((long[]) array)[i] = v;
            case INT32 -> ((int[]) array)[i] = (int) v;
            case INT16 -> ((short[]) array)[i] = (short) v;
            case INT8, UINT8 -> ((byte[]) array)[i] = (byte) v;
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setDouble(li, v);
        }
    }

    @Override
    public void copyBytesTo(long from, long count, ByteBuffer dst) {
        // A little-endian duplicate: the caller's buffer keeps its own byte order.
        ByteBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int f = (int) from, n = (int) count;
        switch (dtype) {
            case FLOAT32 -> d.asFloatBuffer().put((float[]) array, f, n);
            case FLOAT64 -> d.asDoubleBuffer().put((double[]) array, f, n);
            case INT64 -> d.asLongBuffer().put((long[]) array, f, n);
            case INT32 -> d.asIntBuffer().put((int[]) array, f, n);
            case INT16, FLOAT16, BFLOAT16 -> d.asShortBuffer().put((short[]) array, f, n);
            case INT8, UINT8, BOOL -> d.put((byte[]) array, f, n);
        }
        dst.position(dst.position() + n * dtype.byteSize());
    }

    /** Columns per tile of {@link #copyStridedBytesTo}: one 64-byte line of float32. */
    static final int TILE = 16;

    @Override
    public void copyStridedBytesTo(long start, long rowStride, int rows, long stride, long count, ByteBuffer dst) {
        ByteBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p0 = dst.position(), s = (int) stride, rs = (int) rowStride, n = (int) count, es = dtype.byteSize();
        if (dtype == DType.FLOAT32) {
            // Tiles of rows x TILE columns: each output row gets one cache line at a time while the TILE source
            // lines of the tile (a transposed weight's rows) stay in L1 for every row of the block.
            float[] a = (float[]) array;
            int rowBytes = n * 4;
            for (int k0 = 0; k0 < n; k0 += TILE) {
                int kn = Math.min(TILE, n - k0);
                for (int r = 0; r < rows; r++) {
                    int i = (int) start + r * rs + k0 * s, p = p0 + r * rowBytes + k0 * 4;
                    for (int k = 0; k < kn; k++, i += s, p += 4) d.putFloat(p, a[i]);
                }
            }
        } else {
            int p = p0;
            for (int r = 0; r < rows; r++) {
                int i = (int) start + r * rs;
                for (int k = 0; k < n; k++, i += s, p += es) {
                    switch (dtype) {
                        case FLOAT64 -> d.putDouble(p, ((double[]) array)[i]);
                        case INT64 -> d.putLong(p, ((long[]) array)[i]);
                        case INT32 -> d.putInt(p, ((int[]) array)[i]);
                        case INT16, FLOAT16, BFLOAT16 -> d.putShort(p, ((short[]) array)[i]);
                        default -> d.put(p, ((byte[]) array)[i]);
                    }
                }
            }
        }
        dst.position(p0 + rows * n * es);
    }
}
