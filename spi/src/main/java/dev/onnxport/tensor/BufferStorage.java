package dev.onnxport.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Storage over a little-endian byte buffer, usually a read-only slice of a memory-mapped file,
 * so that weights can be read and exported without ever being copied onto the heap.
 */
public final class BufferStorage extends Storage {
    private final ByteBuffer buffer;
    private final long length;
    private final FileOrigin origin;

    public BufferStorage(DType dtype, ByteBuffer buffer) { this(dtype, buffer, null); }

    /** Storage over {@code buffer}, whose bytes are those of a file at {@code origin} (or null when unknown). */
    public BufferStorage(DType dtype, ByteBuffer buffer, FileOrigin origin) {
        super(dtype);
        this.origin = origin;
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (this.buffer.capacity() % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("buffer of " + this.buffer.capacity() + " bytes is not a whole number of "
                    + dtype + " elements");
        }
        this.length = this.buffer.capacity() / dtype.byteSize();
    }

    /** Where the bytes are on disk (a mapping's file and offset), or null: a writer may copy them file to file. */
    public FileOrigin origin() { return origin; }

    /** A read-only little-endian view of the bytes. */
    public ByteBuffer buffer() { return buffer.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN); }

    /** A read-only view of float32 elements from element {@code offset} on (index 0 is that element). */
    public java.nio.FloatBuffer floats(long offset) {
        return buffer().position(Math.toIntExact(offset * Float.BYTES)).asFloatBuffer();
    }

    @Override public long length() { return length; }
    @Override public boolean isReadOnly() { return buffer.isReadOnly(); }

    @Override
    public double getDouble(long li) {
        int b = (int) (li * dtype.byteSize());
        return switch (dtype) {
            case FLOAT32 -> buffer.getFloat(b);
            case FLOAT64 -> buffer.getDouble(b);
            case INT64 -> buffer.getLong(b);
            case INT32 -> buffer.getInt(b);
            case INT16 -> buffer.getShort(b);
            case FLOAT16 -> Half.fp16ToFloat(buffer.getShort(b));
            case BFLOAT16 -> Half.bf16ToFloat(buffer.getShort(b));
            case INT8 -> buffer.get(b);
            case UINT8 -> buffer.get(b) & 0xff;
            case BOOL -> buffer.get(b) != 0 ? 1 : 0;
        };
    }

    @Override
    public long getLong(long li) {
        int b = (int) (li * dtype.byteSize());
        return switch (dtype) {
            case INT64 -> buffer.getLong(b);
            case INT32 -> buffer.getInt(b);
            case INT16 -> buffer.getShort(b);
            case INT8 -> buffer.get(b);
            case UINT8 -> buffer.get(b) & 0xff;
            case BOOL -> buffer.get(b) != 0 ? 1 : 0;
            default -> (long) getDouble(li);
        };
    }

    @Override
    public void setDouble(long i, double v) {
        checkWritable();
        int b = (int) (i * dtype.byteSize());
        switch (dtype) {
            case FLOAT32 -> buffer.putFloat(b, (float) v);
            case FLOAT64 -> buffer.putDouble(b, v);
            case FLOAT16 -> buffer.putShort(b, Half.floatToFp16((float) v));
            case BFLOAT16 -> buffer.putShort(b, Half.floatToBf16((float) v));
            case BOOL -> buffer.put(b, (byte) (v != 0 ? 1 : 0));
            default -> setLong(i, (long) v);
        }
    }

    @Override
    public void setLong(long i, long v) {
        checkWritable();
        int b = (int) (i * dtype.byteSize());
        switch (dtype) {
            case INT64 -> buffer.putLong(b, v);
            case INT32 -> buffer.putInt(b, (int) v);
            case INT16 -> buffer.putShort(b, (short) v);
            case INT8, UINT8 -> buffer.put(b, (byte) v);
            case BOOL -> buffer.put(b, (byte) (v != 0 ? 1 : 0));
            default -> setDouble(i, v);
        }
    }

    private void checkWritable() {
        if (buffer.isReadOnly()) {
            throw new UnsupportedOperationException("this tensor is a read-only mapping of a file; clone() it to modify");
        }
    }

    @Override
    public void copyBytesTo(long from, long count, ByteBuffer dst) {
        int bs = dtype.byteSize();
        ByteBuffer src = buffer.duplicate();
        src.position((int) (from * bs)).limit((int) ((from + count) * bs));
        dst.put(src);
    }

    @Override
    public void copyStridedBytesTo(long start, long rowStride, int rows, long stride, long count, ByteBuffer dst) {
        // Both sides are little-endian: elements are copied as raw bits of their width, in tiles of rows x TILE
        // columns as HeapStorage does (cache-friendly for a transposed view).
        if (dtype.byteSize() == Integer.BYTES && rowStride == 1 && rows > 1) {
            transposedInts(start, rows, stride, (int) count, dst);
            return;
        }
        ByteBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int bs = dtype.byteSize(), p0 = dst.position(), n = (int) count;
        int step = (int) (stride * bs), rstep = (int) (rowStride * bs), rowBytes = n * bs;
        for (int k0 = 0; k0 < n; k0 += HeapStorage.TILE) {
            int kn = Math.min(HeapStorage.TILE, n - k0);
            for (int r = 0; r < rows; r++) {
                int q = (int) (start * bs) + r * rstep + k0 * step, p = p0 + r * rowBytes + k0 * bs;
                for (int k = 0; k < kn; k++, q += step, p += bs) {
                    switch (bs) {
                        case 8 -> d.putLong(p, buffer.getLong(q));
                        case 4 -> d.putInt(p, buffer.getInt(q));
                        case 2 -> d.putShort(p, buffer.getShort(q));
                        default -> d.put(p, buffer.get(q));
                    }
                }
            }
        }
        dst.position(p0 + rows * rowBytes);
    }

    /** Columns of the source read per tile of {@link #transposedInts}: one 64-byte line of each output row. */
    private static final int TILE_COLUMNS = 16;
    /** Columns of one block of {@link #transposedInts}: the block of rows x this many ints goes out row by row. */
    private static final int BLOCK_COLUMNS = 2048;

    /** Per-thread staging of {@link #transposedInts}: its block and its tile. */
    private static final ThreadLocal<int[][]> STAGING = ThreadLocal.withInitial(() -> new int[2][0]);

    /**
     * The 4-byte case of a transposed view (rows adjacent in the source, rowStride 1): output element (r, k) is
     * source element {@code start + r + k * stride}. Per tile of {@link #TILE_COLUMNS} values of k, each k's
     * {@code rows} adjacent elements come in with one bulk read (the longer the run, the less the reads wait on
     * memory), and each output row of the block gets one whole cache line of the tile; the block goes to
     * {@code dst} one bulk copy per row. Plain indexed loops: this runs in C1-compiled code in a short export
     * (the launcher's JIT choice), where a buffer call per element costs several times more.
     */
    private void transposedInts(long start, int rows, long stride, int n, ByteBuffer dst) {
        java.nio.IntBuffer src = buffer.asIntBuffer();
        java.nio.IntBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();   // from dst's position
        int kc = Math.min(n, BLOCK_COLUMNS);
        int[][] staging = STAGING.get();
        if (staging[0].length < rows * kc) staging[0] = new int[rows * kc];
        if (staging[1].length < rows * TILE_COLUMNS) staging[1] = new int[rows * TILE_COLUMNS];
        int[] block = staging[0], tile = staging[1];
        for (int k0 = 0; k0 < n; k0 += kc) {
            int kn = Math.min(kc, n - k0);
            for (int t0 = 0; t0 < kn; t0 += TILE_COLUMNS) {
                int tn = Math.min(TILE_COLUMNS, kn - t0);
                for (int k = 0; k < tn; k++) src.get(Math.toIntExact(start + (k0 + t0 + k) * stride), tile, k * rows, rows);
                for (int r = 0; r < rows; r++) {
                    for (int k = 0, o = r * kn + t0, t = r; k < tn; k++, t += rows) block[o + k] = tile[t];
                }
            }
            for (int r = 0; r < rows; r++) d.put(r * n + k0, block, r * kn, kn);
        }
        dst.position(dst.position() + rows * n * Integer.BYTES);
    }
}
