package dev.onnxport.ops.aten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.kernels.FloatKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 loops of {@link FloatKernels} against the engine's double-precision reference functions
 * ({@link ElementwiseMath}) and plain double formulas, on random values, edge values and odd lengths.
 */
class FloatKernelsTest {
    private static final float[] EDGES = {0f, -0f, 1e-30f, -1e-30f, 1e-3f, -1e-3f, 1f, -1f, 3f, -3f, 5.5f, -5.5f, 9f, -9f,
        20f, -20f, 1e4f, -1e4f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN};

    private static float[] inputs(int seed, int n) {
        Random rnd = new Random(seed);
        float[] x = new float[n + EDGES.length];
        for (int i = 0; i < n; i++) x[i] = (float) ((rnd.nextDouble() * 2 - 1) * (i % 3 == 0 ? 12 : 4));
        System.arraycopy(EDGES, 0, x, n, EDGES.length);
        return x;
    }

    @Test
    void geluMatchesTheErfReference() {
        float[] x = inputs(1, 20_001);
        float[] o = new float[x.length];
        FloatKernels.gelu(x, o, 0, x.length);
        for (int i = 0; i < x.length; i++) assertClose((float) ElementwiseMath.gelu(x[i]), o[i], 4e-7, "gelu(" + x[i] + ")");
    }

    @Test
    void geluTanhMatchesTheTanhReference() {
        float[] x = inputs(2, 20_001);
        float[] o = new float[x.length];
        FloatKernels.geluTanh(x, o, 0, x.length);
        // computed in float: the rounding of u = sqrt(2/pi) (x + 0.044715 x^3) reaches exp(-2u) scaled by |2u|
        for (int i = 0; i < x.length; i++) {
            float want = (float) ElementwiseMath.geluTanh(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want)) assertEquals(want, o[i], "gelu_tanh(" + x[i] + ")");
            else assertTrue(Math.abs(o[i] - want) <= 2e-6 * Math.abs(want) + 1e-9, "gelu_tanh(" + x[i] + ") = " + o[i] + ", expected " + want);
        }
    }

    @Test
    void expIsWithinThreeTenthsOfAMillionth() {
        Random rnd = new Random(8);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rnd.nextDouble() * 176.0 - 87.28);
            double want = Math.exp(x);
            float got = FloatKernels.exp(x);
            assertTrue(Math.abs(got - want) <= 3e-7 * want, "exp(" + x + ") = " + got + ", expected " + want);
        }
        for (float x : new float[] {-87.29f, -10f, -1e-8f, 0f, -0f, 1e-8f, 1f, 50f, 88.3f, 88.37f, 88.5f, 88.72f}) {
            double want = Math.exp(x);
            assertTrue(Math.abs(FloatKernels.exp(x) - want) <= 3e-7 * want, "exp(" + x + ") = " + FloatKernels.exp(x));
        }
        assertEquals(0f, FloatKernels.exp(-88f));
        assertEquals(0f, FloatKernels.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatKernels.exp(88.8f));
        assertEquals(Float.POSITIVE_INFINITY, FloatKernels.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(FloatKernels.exp(Float.NaN)));
    }

    @Test
    void arithmeticAndReluAreExactOnTheirRange() {
        float[] x = inputs(6, 101), y = inputs(7, 101);
        float[] add = new float[x.length], sub = new float[x.length], mul = new float[x.length], div = new float[x.length],
                relu = new float[x.length];
        int lo = 1, hi = x.length - 1;
        FloatKernels.add(x, y, add, lo, hi);
        FloatKernels.sub(x, y, sub, lo, hi);
        FloatKernels.mul(x, y, mul, lo, hi);
        FloatKernels.div(x, y, div, lo, hi);
        FloatKernels.relu(x, relu, lo, hi);
        for (int i = lo; i < hi; i++) {
            assertEquals(x[i] + y[i], add[i]);
            assertEquals(x[i] - y[i], sub[i]);
            assertEquals(x[i] * y[i], mul[i]);
            assertEquals(x[i] / y[i], div[i]);
            assertEquals(x[i] > 0 || Float.isNaN(x[i]) ? x[i] : 0f, relu[i], "relu(" + x[i] + ")");
        }
        assertEquals(0f, add[0]);
        assertEquals(0f, relu[x.length - 1]);
    }

    @Test
    void subrangesLeaveTheRestAlone() {
        float[] x = inputs(3, 37);
        float[] o = new float[x.length];
        FloatKernels.gelu(x, o, 5, 12);
        FloatKernels.geluTanh(x, o, 20, 21);
        for (int i = 0; i < x.length; i++) {
            if ((i < 5 || i >= 12) && i != 20) assertEquals(0f, o[i], "o[" + i + "] was written");
        }
    }

    @Test
    void affineIsOneRoundingFromTheDoubleFormula() {
        float[] x = inputs(4, 1001);
        float[] o = new float[x.length];
        float mean = 0.37f, scale = -1.75f, shift = 0.125f;
        FloatKernels.affine(x, o, 3, 999, mean, scale, shift);
        assertEquals(0f, o[0]);
        assertEquals(0f, o[1002]);
        for (int i = 3; i < 1002; i++) {
            double want = ((double) (x[i] - mean)) * scale + shift;
            assertClose((float) want, o[i], 1e-7, "affine(" + x[i] + ")");
        }
    }

    @Test
    void layerNormRowsMatchTheDoubleReference() {
        Random rnd = new Random(5);
        for (int len : new int[] {1, 2, 3, 17, 768, 1031}) {
            int off = 7, rows = 3;
            float[] a = new float[off + rows * len], o = new float[a.length], w = new float[len], b = new float[len];
            for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextGaussian() * 3 + 10);
            for (int k = 0; k < len; k++) {
                w[k] = (float) rnd.nextGaussian();
                b[k] = (float) rnd.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                int start = off + r * len;
                FloatKernels.layerNormRow(a, o, start, len, w, b, 1e-5);
                double mean = 0, var = 0;
                for (int k = 0; k < len; k++) mean += a[start + k];
                mean /= len;
                for (int k = 0; k < len; k++) var += (a[start + k] - mean) * (a[start + k] - mean);
                double inv = 1 / Math.sqrt(var / len + 1e-5);
                for (int k = 0; k < len; k++) {
                    double want = (a[start + k] - mean) * inv * w[k] + b[k];
                    assertTrue(Math.abs(o[start + k] - want) <= 1e-5 * (1 + Math.abs(want)),
                            "len " + len + " row " + r + " [" + k + "]: " + o[start + k] + ", expected " + want);
                }
            }
            float[] plain = new float[a.length];
            FloatKernels.layerNormRow(a, plain, off, len, null, null, 1e-5);
            for (int k = 0; k < len; k++) {
                float withAffine = plain[off + k] * w[k] + b[k];
                assertTrue(Math.abs(withAffine - o[off + k]) <= 1e-5 * (1 + Math.abs(o[off + k])), "len " + len + " without weights");
            }
        }
    }

    /**
     * NaN matches NaN, infinities match exactly, others within {@code rel} of the expected or 1e-12 absolute: the
     * double references compute {@code 1 + erf} and {@code 1 + tanh}, which cancel to nothing for inputs below about -5,
     * where the kernels keep their relative precision (the values there are below 1e-6).
     */
    private static void assertClose(float want, float got, double rel, String what) {
        if (Float.isNaN(want) || Float.isInfinite(want)) {
            assertEquals(want, got, what);
            return;
        }
        assertTrue(Math.abs(got - want) <= rel * Math.abs(want) + 1e-12, what + " = " + got + ", expected " + want);
    }
}
