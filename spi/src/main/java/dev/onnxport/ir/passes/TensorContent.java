package dev.onnxport.ir.passes;

import dev.onnxport.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Compares tensors by value: dtype, shape and the little-endian bytes of their elements in row-major
 * order (so 0.0 and -0.0 differ, and equal NaN bit patterns match). Works in chunks, so multi-gigabyte
 * memory-mapped weights are never copied whole onto the heap.
 */
final class TensorContent {
    private TensorContent() {}

    /** Elements handled per chunk. */
    private static final int CHUNK = 1 << 18;

    /** A 64-bit hash of dtype, shape and bytes; equal tensors hash equally. */
    static long hash(Tensor t) {
        long h = 0x9E3779B97F4A7C15L ^ t.dtype().ordinal();
        h = mix(h, Arrays.hashCode(t.shape()));
        Tensor c = requireData(t);
        long n = c.numel();
        ByteBuffer buf = buffer(c, n);
        for (long from = 0; from < n; from += CHUNK) {
            long count = Math.min(CHUNK, n - from);
            fill(c, from, count, buf);
            while (buf.remaining() >= 8) h = mix(h, buf.getLong());
            while (buf.hasRemaining()) h = mix(h, buf.get());
        }
        return h;
    }

    /** Elements read by {@link #sampleHash}: the first ones, and as many spread evenly over the rest. */
    private static final int SAMPLE = 256;

    /**
     * A hash of dtype, shape and a few hundred elements (the first ones and some spread over the tensor): equal
     * tensors hash equally, and different weights (random or trained) almost always differ, for the cost of
     * reading about 2 KiB instead of the whole tensor.
     */
    static long sampleHash(Tensor t) {
        if (t.isMeta()) throw new IllegalArgumentException("a meta tensor " + t + " has no content to compare");
        long h = 0x9E3779B97F4A7C15L ^ t.dtype().ordinal();
        h = mix(h, Arrays.hashCode(t.shape()));
        long n = t.numel();
        ByteBuffer buf = ByteBuffer.allocate(2 * SAMPLE * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        long head = Math.min(n, SAMPLE);
        t.copyBytesTo(0, head, buf);
        if (n > head) {
            for (int k = 1; k <= SAMPLE; k++) t.copyBytesTo(head + (n - head - 1) * k / SAMPLE, 1, buf);
        }
        buf.flip();
        while (buf.remaining() >= 8) h = mix(h, buf.getLong());
        while (buf.hasRemaining()) h = mix(h, buf.get());
        return h;
    }

    /** True when both have the same dtype, shape and element bytes. */
    static boolean equal(Tensor a, Tensor b) {
        if (a == b) return true;
        if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) return false;
        if (a.isMeta() || b.isMeta()) return false;
        Tensor ca = requireData(a), cb = requireData(b);
        long n = ca.numel();
        ByteBuffer ba = buffer(ca, n), bb = buffer(cb, n);
        for (long from = 0; from < n; from += CHUNK) {
            long count = Math.min(CHUNK, n - from);
            fill(ca, from, count, ba);
            fill(cb, from, count, bb);
            if (!ba.equals(bb)) return false;
        }
        return true;
    }

    /** Bytes the tensor's elements occupy. */
    static long byteSize(Tensor t) { return t.numel() * t.dtype().byteSize(); }

    private static Tensor requireData(Tensor t) {
        if (t.isMeta()) throw new IllegalArgumentException("a meta tensor " + t + " has no content to compare");
        return t;
    }

    private static ByteBuffer buffer(Tensor t, long n) {
        int elems = (int) Math.min(CHUNK, Math.max(n, 1));
        return ByteBuffer.allocate(elems * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void fill(Tensor t, long from, long count, ByteBuffer buf) {
        buf.clear();
        t.copyBytesTo(from, count, buf);   // strided views too, row by row
        buf.flip();
    }

    private static long mix(long h, long x) {
        h ^= x;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }
}
