package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensor.copy(dtype) follows PyTorch's casts (Tensor.to). */
class TensorCopyTest {
    @Test
    void floatToIntTruncatesTowardZero() {
        Tensor f = Tensor.of(new float[] {2.7f, -2.7f, 0.5f, -0.5f, 1e6f, -0.0f});
        assertArrayEquals(new long[] {2, -2, 0, 0, 1_000_000, 0}, f.copy(DType.INT32).toLongArray());
        assertArrayEquals(new long[] {2, -2, 0, 0, 1_000_000, 0}, f.copy(DType.INT64).toLongArray());
        assertEquals(DType.INT32, f.copy(DType.INT32).dtype());
        assertArrayEquals(new long[] {3, 0, 255}, Tensor.of(new double[] {3.9, 0.2, 255.5}).copy(DType.UINT8).toLongArray());
    }

    @Test
    void nonFiniteFloatToInt64GivesTheMinimumAsOnX86() {
        Tensor f = Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE}, f.copy(DType.INT64).toLongArray());
    }

    @Test
    void anythingToBoolIsNonZero() {
        Tensor f = Tensor.of(new float[] {0f, -0f, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY, 1e-45f});
        assertArrayEquals(new long[] {0, 0, 1, 1, 1, 1}, f.copy(DType.BOOL).toLongArray());
        Tensor i = Tensor.of(new long[] {0, 5, -1, Long.MIN_VALUE, 256});
        assertArrayEquals(new long[] {0, 1, 1, 1, 1}, i.copy(DType.BOOL).toLongArray());
        assertEquals(DType.BOOL, i.copy(DType.BOOL).dtype());
    }

    @Test
    void boolToNumbers() {
        Tensor b = Tensor.of(new boolean[] {true, false, true});
        assertArrayEquals(new double[] {1, 0, 1}, b.copy(DType.FLOAT32).toDoubleArray());
        assertArrayEquals(new long[] {1, 0, 1}, b.copy(DType.INT8).toLongArray());
    }

    @Test
    void narrowingIntegersWrap() {
        Tensor i = Tensor.of(new long[] {300, -129, 65535, 1L << 40});
        assertArrayEquals(new long[] {44, 127, -1, 0}, i.copy(DType.INT8).toLongArray());
        assertArrayEquals(new long[] {44, 127, 255, 0}, i.copy(DType.UINT8).toLongArray());
        assertArrayEquals(new long[] {300, -129, -1, 0}, i.copy(DType.INT16).toLongArray());
        assertArrayEquals(new long[] {255}, Tensor.of(new long[] {-1}, 1).copy(DType.UINT8).toLongArray());
    }

    @Test
    void int64ToFloat32RoundsOnce() {
        long v = (1L << 60) + (1L << 36) + 1;  // just above halfway between two floats; via double it would tie to even
        Tensor f = Tensor.of(new long[] {v, Long.MAX_VALUE}).copy(DType.FLOAT32);
        assertEquals((float) v, (float) f.getDouble(0));
        assertEquals(0x1p60f + 0x1p37f, (float) f.getDouble(0));
        assertEquals(0x1p63f, (float) f.getDouble(1));
    }

    @Test
    void toHalfPrecision() {
        Tensor d = Tensor.of(new double[] {1.0 / 3, 65519, 1e-8, 2049});
        assertArrayEquals(new double[] {0.333251953125, 65504, 0, 2048}, d.copy(DType.FLOAT16).toDoubleArray());
        assertArrayEquals(new double[] {0.333984375, 65536, 1.0011717677116394E-8, 2048}, d.copy(DType.BFLOAT16).toDoubleArray());
        Tensor h = d.copy(DType.FLOAT16);
        assertEquals(0x3555, ((short[]) ((HeapStorage) h.storage()).array())[0]);
    }

    @Test
    void copyOfAViewIsContiguousInLogicalOrder() {
        Tensor base = Tensor.of(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor t = base.asStrided(new long[] {3, 2}, new long[] {1, 3}, 0);
        Tensor c = t.copy(DType.FLOAT64);
        assertTrue(c.isContiguous());
        assertArrayEquals(new long[] {3, 2}, c.shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray());
        assertSame(base, base.to(DType.INT32));
        c.setDouble(9, 0, 0);
        assertEquals(0, base.getLong(0, 0), "a copy does not share storage");
    }

    @Test
    void metaCopiesStayMeta() {
        Tensor m = Tensor.meta(DType.FLOAT32, 2, 3).copy(DType.INT64);
        assertTrue(m.isMeta());
        assertEquals(DType.INT64, m.dtype());
        assertArrayEquals(new long[] {2, 3}, m.shape());
    }
}
