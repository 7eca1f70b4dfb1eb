package dev.onnxport.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

/**
 * Read-only float32 elements over a float16 or bfloat16 {@link BufferStorage} (typically a memory-mapped
 * checkpoint), converted one element at a time when read: a bfloat16 model is used as float32 without a float32
 * copy on the heap. The conversions are exact ({@link Half#bf16ToFloat}, {@link Half#fp16ToFloat}), so an element
 * reads the same as a heap conversion of the source. {@link #copyBytesTo} and {@link #copyStridedBytesTo} write
 * float32 little-endian bytes, converting in bulk. Made by {@link Tensor#widenedToFloat32()}.
 */
public final class WidenedStorage extends Storage {
    /** Elements converted per bulk step of {@link #copyBytesTo}: 2 KiB read, 4 KiB written. */
    private static final int BLOCK = 1024;

    private final BufferStorage source;
    /** The source's little-endian bytes (read-only). */
    private final ByteBuffer bytes;
    private final boolean bf16;

    WidenedStorage(BufferStorage source) {
        super(DType.FLOAT32);
        if (source.dtype() != DType.FLOAT16 && source.dtype() != DType.BFLOAT16) {
            throw new IllegalArgumentException("only float16 and bfloat16 storage is widened to float32, not " + source.dtype());
        }
        this.source = source;
        this.bytes = source.buffer();
        this.bf16 = source.dtype() == DType.BFLOAT16;
    }

    /** The float16 or bfloat16 storage this one reads. */
    public BufferStorage source() { return source; }

    @Override public long length() { return source.length(); }
    @Override public boolean isReadOnly() { return true; }

    /** The float32 bits of the 16-bit element {@code h}. */
    private int bits(short h) {
        return bf16 ? (h & 0xffff) << 16 : Fp16Table.BITS[h & 0xffff];
    }

    private float get(long i) { return Float.intBitsToFloat(bits(bytes.getShort(Math.toIntExact(i * 2)))); }

    @Override public double getDouble(long i) { return get(i); }

    @Override public long getLong(long i) { return (long) get(i); }

    @Override
    public void setDouble(long i, double v) { throw readOnly(); }

    @Override
    public void setLong(long i, long v) { throw readOnly(); }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("this tensor is a read-only float32 view of " + source.dtype()
                + " data (a memory-mapped file); copy() it to modify");
    }

    @Override
    public void copyBytesTo(long from, long count, ByteBuffer dst) {
        int n = Math.toIntExact(count), p0 = dst.position();
        ShortBuffer src = bytes.duplicate().position(Math.toIntExact(from * 2)).limit(Math.toIntExact((from + count) * 2))
                .slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        IntBuffer out = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        short[] in = new short[Math.min(BLOCK, n)];
        int[] conv = new int[in.length];
        for (int done = 0; done < n; ) {
            int k = Math.min(in.length, n - done);
            src.get(in, 0, k);
            if (bf16) {
                for (int j = 0; j < k; j++) conv[j] = (in[j] & 0xffff) << 16;
            } else {
                int[] table = Fp16Table.BITS;
                for (int j = 0; j < k; j++) conv[j] = table[in[j] & 0xffff];
            }
            out.put(conv, 0, k);
            done += k;
        }
        dst.position(p0 + n * 4);
    }

    @Override
    public void copyStridedBytesTo(long start, long rowStride, int rows, long stride, long count, ByteBuffer dst) {
        int p0 = dst.position(), n = Math.toIntExact(count), rowBytes = n * 4;
        if (stride == 1) {
            // rows of consecutive elements: each row in bulk
            ByteBuffer d = dst.duplicate();
            for (int r = 0; r < rows; r++) {
                d.position(p0 + r * rowBytes);
                copyBytesTo(start + r * rowStride, n, d);
            }
        } else {
            // tiles of rows x TILE columns, as BufferStorage copies a transposed view
            ByteBuffer d = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int step = Math.toIntExact(stride * 2), rstep = Math.toIntExact(rowStride * 2);
            for (int k0 = 0; k0 < n; k0 += HeapStorage.TILE) {
                int kn = Math.min(HeapStorage.TILE, n - k0);
                for (int r = 0; r < rows; r++) {
                    int q = Math.toIntExact(start * 2 + (long) r * rstep + (long) k0 * step), p = p0 + r * rowBytes + k0 * 4;
                    for (int k = 0; k < kn; k++, q += step, p += 4) d.putInt(p, bits(bytes.getShort(q)));
                }
            }
        }
        dst.position(p0 + rows * rowBytes);
    }

    /** float16 bits -> float32 bits, all 65,536 of them (256 KiB), made on first use from {@link Half#fp16ToFloat}. */
    private static final class Fp16Table {
        static final int[] BITS = new int[1 << 16];

        static {
            for (int h = 0; h < BITS.length; h++) BITS[h] = Float.floatToRawIntBits(Half.fp16ToFloat((short) h));
        }
    }
}
