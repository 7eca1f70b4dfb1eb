package dev.onnxport.cli;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Counts the NaN and infinite values of a floating tensor by their bits: all exponent bits set. A contiguous tensor
 * over a heap array or a (memory-mapped) buffer is read in one tight loop over its raw elements, so that checking a
 * checkpoint of hundreds of megabytes costs a pass over memory, not an indexed read per element; any other tensor
 * is read element by element.
 */
final class NonFinite {
    private NonFinite() {}

    private static final int F32 = 0x7f80_0000;
    private static final long F64 = 0x7ff0_0000_0000_0000L;
    private static final short F16 = 0x7c00, BF16 = 0x7f80;

    /** How many elements of {@code t} (floating, with data) are NaN or infinite. */
    static long count(Tensor t) {
        DType d = t.dtype();
        long n = t.numel();
        if (n > 0 && t.isContiguous()) {
            int from = Math.toIntExact(t.offset()), len = Math.toIntExact(n);
            if (t.storage() instanceof HeapStorage h) {
                Object a = h.array();
                if (a instanceof float[] f && d == DType.FLOAT32) return count(f, from, len);
                if (a instanceof double[] f && d == DType.FLOAT64) return count(f, from, len);
                if (a instanceof short[] f && d == DType.FLOAT16) return count(f, from, len, F16);
                if (a instanceof short[] f && d == DType.BFLOAT16) return count(f, from, len, BF16);
            } else if (t.storage() instanceof BufferStorage b) {
                ByteBuffer bytes = b.buffer();
                switch (d) {
                    case FLOAT32 -> { return count(bytes.asFloatBuffer(), from, len); }
                    case FLOAT64 -> { return count(bytes.asDoubleBuffer(), from, len); }
                    case FLOAT16 -> { return count(bytes.asShortBuffer(), from, len, F16); }
                    case BFLOAT16 -> { return count(bytes.asShortBuffer(), from, len, BF16); }
                    default -> { }
                }
            }
        }
        long bad = 0;
        for (long i = 0; i < n; i++) if (!Double.isFinite(t.getDoubleFlat(i))) bad++;
        return bad;
    }

    private static long count(float[] a, int from, int len) {
        long bad = 0;
        for (int i = from, end = from + len; i < end; i++) if ((Float.floatToRawIntBits(a[i]) & F32) == F32) bad++;
        return bad;
    }

    private static long count(double[] a, int from, int len) {
        long bad = 0;
        for (int i = from, end = from + len; i < end; i++) if ((Double.doubleToRawLongBits(a[i]) & F64) == F64) bad++;
        return bad;
    }

    private static long count(short[] a, int from, int len, short mask) {
        long bad = 0;
        for (int i = from, end = from + len; i < end; i++) if ((a[i] & mask) == mask) bad++;
        return bad;
    }

    /**
     * Elements a buffer is read in: copied in bulk (bits as they are) into an array, then tested by the array's count
     * above.
     */
    private static final int BLOCK = 1 << 14;

    private static long count(FloatBuffer a, int from, int len) {
        float[] block = new float[Math.min(len, BLOCK)];
        long bad = 0;
        for (int i = from, end = from + len; i < end; i += block.length) {
            int n = Math.min(block.length, end - i);
            a.get(i, block, 0, n);
            bad += count(block, 0, n);
        }
        return bad;
    }

    private static long count(DoubleBuffer a, int from, int len) {
        double[] block = new double[Math.min(len, BLOCK)];
        long bad = 0;
        for (int i = from, end = from + len; i < end; i += block.length) {
            int n = Math.min(block.length, end - i);
            a.get(i, block, 0, n);
            bad += count(block, 0, n);
        }
        return bad;
    }

    private static long count(ShortBuffer a, int from, int len, short mask) {
        short[] block = new short[Math.min(len, BLOCK)];
        long bad = 0;
        for (int i = from, end = from + len; i < end; i += block.length) {
            int n = Math.min(block.length, end - i);
            a.get(i, block, 0, n);
            bad += count(block, 0, n, mask);
        }
        return bad;
    }
}
