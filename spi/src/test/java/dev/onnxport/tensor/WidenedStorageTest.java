package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.nn.F;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tensor.widenedToFloat32 over float16/bfloat16 byte buffers: exact elements, bytes, views and kernels. */
class WidenedStorageTest {
    /** A read-only little-endian buffer holding {@code bits}, as a memory mapping gives. */
    private static BufferStorage mapped(DType dtype, short[] bits) {
        ByteBuffer b = ByteBuffer.allocateDirect(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(bits);
        return new BufferStorage(dtype, b.asReadOnlyBuffer());
    }

    /** Random bfloat16 bits around +-0.05, with the special values at the front. */
    private static short[] bf16Bits(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        short[] s = new short[n];
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE * 64,
            -Float.MAX_VALUE, 1f};
        for (int i = 0; i < n; i++) {
            s[i] = Half.floatToBf16(i < special.length ? special[i] : (float) ((r.nextDouble() - 0.5) * 0.1));
        }
        return s;
    }

    /** What a heap conversion gives, element by element. */
    private static float[] expected(DType dtype, short[] bits) {
        float[] f = new float[bits.length];
        for (int i = 0; i < f.length; i++) f[i] = dtype == DType.BFLOAT16 ? Half.bf16ToFloat(bits[i]) : Half.fp16ToFloat(bits[i]);
        return f;
    }

    /** {@code v}'s logical elements read through copyBytesTo in chunks of {@code chunk}. */
    private static float[] bytesOf(Tensor v, int chunk) {
        ByteBuffer b = ByteBuffer.allocate((int) v.numel() * 4 + 3).order(ByteOrder.BIG_ENDIAN);
        b.position(3);   // an unaligned start and the wrong byte order: the copy must not care
        for (long from = 0; from < v.numel(); from += chunk) v.copyBytesTo(from, Math.min(chunk, v.numel() - from), b);
        assertEquals(b.capacity(), b.position(), "copyBytesTo advances the position by 4 bytes per element");
        ByteBuffer le = b.position(3).slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) v.numel()];
        le.asFloatBuffer().get(out);
        return out;
    }

    private static Tensor transposeView(Tensor w) {
        return w.asStrided(new long[] {w.size(1), w.size(0)}, new long[] {1, w.size(1)}, w.offset());
    }

    @Test
    void bfloat16ElementsAreExact() {
        short[] bits = bf16Bits(37 * 21, 1);
        Tensor w = Tensor.wrap(mapped(DType.BFLOAT16, bits), 37, 21).widenedToFloat32();
        assertEquals(DType.FLOAT32, w.dtype());
        assertInstanceOf(WidenedStorage.class, w.storage());
        assertTrue(w.storage().isReadOnly());
        float[] want = expected(DType.BFLOAT16, bits);
        assertArrayEquals(want, w.floats());
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits((float) w.getDoubleFlat(i)), "element " + i);
        }
        assertEquals((long) want[7], w.getLongFlat(7));
        Tensor heap = Tensor.wrap(HeapStorage.ofShorts(DType.BFLOAT16, bits.clone()), 37, 21).to(DType.FLOAT32);
        assertArrayEquals(heap.floats(), w.floats(), "the view reads as the heap conversion does");
    }

    @Test
    void everyFloat16ValueIsExact() {
        short[] bits = new short[1 << 16];
        for (int i = 0; i < bits.length; i++) bits[i] = (short) i;
        Tensor w = Tensor.wrap(mapped(DType.FLOAT16, bits), bits.length).widenedToFloat32();
        float[] want = expected(DType.FLOAT16, bits);
        float[] viaBytes = bytesOf(w, 4099);
        for (int i = 0; i < bits.length; i++) {
            // getDouble goes through double, which quiets a signalling NaN as any float-to-double conversion does;
            // the bytes keep the exact bits
            double asDouble = want[i];
            assertEquals(Float.floatToRawIntBits((float) asDouble), Float.floatToRawIntBits((float) w.storage().getDouble(i)),
                    "getDouble of fp16 bits " + i);
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(viaBytes[i]), "copyBytesTo of fp16 bits " + i);
        }
    }

    @Test
    void bytesOfContiguousAndTransposedViewsInAnyChunking() {
        for (DType dt : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            short[] bits = bf16Bits(37 * 21, 2);
            if (dt == DType.FLOAT16) for (int i = 0; i < bits.length; i++) bits[i] = Half.floatToFp16(Half.bf16ToFloat(bits[i]));
            Tensor w16 = Tensor.wrap(mapped(dt, bits), 37, 21);
            Tensor w = w16.widenedToFloat32();
            Tensor heap = Tensor.wrap(HeapStorage.ofShorts(dt, bits.clone()), 37, 21).to(DType.FLOAT32);
            for (int chunk : new int[] {1, 5, 21, 40, 777, 2000}) {
                assertArrayEquals(heap.floats(), bytesOf(w, chunk), dt + " contiguous, chunk " + chunk);
                assertArrayEquals(transposeView(heap).floats(), bytesOf(transposeView(w), chunk), dt + " transposed, chunk " + chunk);
                // a view of the 16-bit tensor widened keeps its strides and offset
                assertArrayEquals(transposeView(heap).floats(), bytesOf(transposeView(w16).widenedToFloat32(), chunk),
                        dt + " widened transposed view, chunk " + chunk);
            }
            // rows 3..9 of the matrix: an offset view, with whole-row (stride 1) strided copies
            Tensor rows = w.asStrided(new long[] {7, 10}, new long[] {21, 2}, 3 * 21 + 1);
            Tensor heapRows = heap.asStrided(new long[] {7, 10}, new long[] {21, 2}, 3 * 21 + 1);
            assertArrayEquals(heapRows.floats(), bytesOf(rows, 13), dt + " strided sub-block");
            Tensor narrow = w.asStrided(new long[] {7, 10}, new long[] {21, 1}, 3 * 21 + 1);
            Tensor heapNarrow = heap.asStrided(new long[] {7, 10}, new long[] {21, 1}, 3 * 21 + 1);
            assertArrayEquals(heapNarrow.floats(), bytesOf(narrow, 13), dt + " rows of consecutive elements");
        }
    }

    @Test
    void linearAndMatmulOnAWidenedWeightEqualTheHeapConversion() {
        short[] bits = bf16Bits(48 * 64, 3);
        Tensor mappedW = Tensor.wrap(mapped(DType.BFLOAT16, bits), 48, 64).widenedToFloat32();
        Tensor heapW = Tensor.wrap(HeapStorage.ofShorts(DType.BFLOAT16, bits.clone()), 48, 64).to(DType.FLOAT32);
        short[] biasBits = bf16Bits(48, 4);
        Tensor mappedB = Tensor.wrap(mapped(DType.BFLOAT16, biasBits), 48).widenedToFloat32();
        Tensor heapB = Tensor.wrap(HeapStorage.ofShorts(DType.BFLOAT16, biasBits.clone()), 48).to(DType.FLOAT32);
        SplittableRandom r = new SplittableRandom(5);
        float[] xs = new float[2 * 5 * 64];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
        Tensor x = Tensor.of(xs, 2, 5, 64);
        assertArrayEquals(F.linear(x, heapW, heapB).floats(), F.linear(x, mappedW, mappedB).floats());
        assertArrayEquals(F.linear(x, heapW).floats(), F.linear(x, mappedW).floats());
        assertArrayEquals(F.matmul(x, transposeView(heapW)).floats(), F.matmul(x, transposeView(mappedW)).floats());
        Tensor ids = Tensor.of(new long[] {0, 47, 3, 3}, 2, 2);
        assertArrayEquals(F.embedding(ids, heapW).floats(), F.embedding(ids, mappedW).floats());
    }

    @Test
    void otherDtypesAndKinds() {
        Tensor f32 = Tensor.of(new float[] {1, 2}, 2);
        assertSame(f32, f32.widenedToFloat32());
        Tensor heap16 = Tensor.wrap(HeapStorage.ofShorts(DType.BFLOAT16, new short[] {Half.floatToBf16(1.5f)}), 1);
        Tensor w = heap16.widenedToFloat32();
        assertInstanceOf(HeapStorage.class, w.storage(), "a heap tensor is converted on the heap");
        assertEquals(1.5, w.getDoubleFlat(0));
        Tensor meta = Tensor.meta(DType.FLOAT16, 3, 4).widenedToFloat32();
        assertTrue(meta.isMeta());
        assertEquals(DType.FLOAT32, meta.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).widenedToFloat32());
        assertTrue(e.getMessage().contains("to(DType.FLOAT32)"), e.getMessage());
    }

    @Test
    void writesAreRefusedButCopiesAreWritable() {
        Tensor w = Tensor.wrap(mapped(DType.BFLOAT16, bf16Bits(6, 6)), 2, 3).widenedToFloat32();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> w.setDouble(1, 0, 0));
        assertTrue(e.getMessage().contains("copy()"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> w.setLong(1, 0, 0));
        Tensor c = w.copy();
        assertInstanceOf(HeapStorage.class, c.storage());
        c.setDouble(3, 0, 0);
        assertEquals(3.0, c.getDouble(0, 0));
        assertSame(w, w.contiguous(), "a whole contiguous view is its own contiguous form");
    }
}
