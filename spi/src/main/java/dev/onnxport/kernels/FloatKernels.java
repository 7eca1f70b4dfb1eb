package dev.onnxport.kernels;

/**
 * float32 loops of the eager engine's elementwise and normalization ops over plain contiguous {@code float[]}
 * ranges, written as simple counted loops (C2 vectorizes those without an exp) so that callers can split them over
 * cores with {@link Parallel#range}.
 */
public final class FloatKernels {
    private FloatKernels() {}

    private static final double INV_SQRT_2 = 0.7071067811865476;

    /**
     * {@code o[i] = gelu(a[i]) = a[i]/2 * (1 + erf(a[i]/sqrt(2)))} for {@code lo <= i < hi}, with erf through
     * {@link #erfc}, whose relative error is below 1.2e-7, so that neither tail loses digits to cancellation:
     * {@code 1 + erf(z) = 2 - erfc(z)} for {@code z >= 0} and {@code erfc(-z)} below.
     */
    public static void gelu(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double x = a[i];
            double z = Math.abs(x) * INV_SQRT_2;
            double c = erfc(z);
            o[i] = (float) (0.5 * x * (x >= 0 ? 2 - c : c));
        }
    }

    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    /**
     * {@code o[i] = a[i]/2 * (1 + tanh(sqrt(2/pi) (a[i] + 0.044715 a[i]^3)))} for {@code lo <= i < hi} (gelu's tanh
     * approximation), as the identity {@code (1 + tanh(u))/2 = 1/(1 + exp(-2u))}: one {@link #exp}, and no
     * cancellation when tanh is near -1; all in float (relative error a few 1e-7 where |u| is moderate, growing with
     * |u| as float's rounding of u does, while the value there is x or within 1e-6 of 0).
     */
    public static void geluTanh(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            float x = a[i];
            float u = (float) SQRT_2_OVER_PI * Math.fma(0.044715f * x, x * x, x);
            o[i] = x / (1 + exp(-2 * u));
        }
    }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;

    /**
     * e^x in float without a call (so C2 can keep the surrounding loop tight): {@code 2^k e^r} with {@code k =
     * round(x log2 e)}, {@code |r| <= ln2/2} (ln 2 split in two for an exact reduction) and a degree-6 Taylor
     * polynomial for {@code e^r}: relative error below 3e-7 for arguments in [-87.3, 88.72]; 0 below, infinity
     * above; NaN for NaN.
     */
    public static float exp(float x) {
        if (!(x > -87.3f)) return x != x ? x : 0f;
        if (x > 88.72f) return Float.POSITIVE_INFINITY;
        float k = (float) Math.floor(Math.fma(x, LOG2E, 0.5f));
        float r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, x));
        float p = 1 + r * (1 + r * (0.5f + r * (1 / 6f + r * (1 / 24f + r * (1 / 120f + r * (1 / 720f))))));
        int ki = (int) k;
        if (ki > 127) return 2 * p * Float.intBitsToFloat(254 << 23);   // 2^128 is not a float, but e^x still is
        return p * Float.intBitsToFloat((ki + 127) << 23);
    }

    /**
     * erfc(z) for {@code z >= 0} (NaN for NaN), by the Chebyshev fit of Numerical Recipes ({@code erfcc}, fractional
     * error below 1.2e-7 everywhere): {@code t exp(-z^2 + P(t))} with {@code t = 1/(1 + z/2)}.
     */
    public static double erfc(double z) {
        double t = 1 / (1 + 0.5 * z);
        double p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        return t * Math.exp(-z * z + p);
    }

    /** {@code o[i] = (a[i] - mean) * scale + shift} for {@code off <= i < off + len}, one fused multiply-add each. */
    public static void affine(float[] a, float[] o, int off, int len, float mean, float scale, float shift) {
        for (int i = off; i < off + len; i++) o[i] = Math.fma(a[i] - mean, scale, shift);
    }

    /**
     * One row of layer normalization: {@code o[off + k] = (a[off + k] - mean) * inv * w[k] + b[k]}, {@code k < len},
     * with the mean and the biased variance accumulated in double; {@code w} and {@code b} may be null.
     */
    public static void layerNormRow(float[] a, float[] o, int off, int len, float[] w, float[] b, double eps) {
        double s = 0;
        for (int k = 0; k < len; k++) s += a[off + k];
        double mean = s / len, q = 0;
        for (int k = 0; k < len; k++) {
            double d = a[off + k] - mean;
            q += d * d;
        }
        float m = (float) mean, inv = (float) (1.0 / Math.sqrt(q / len + eps));
        if (w != null && b != null) {
            for (int k = 0; k < len; k++) o[off + k] = Math.fma((a[off + k] - m) * inv, w[k], b[k]);
        } else {
            for (int k = 0; k < len; k++) {
                float y = (a[off + k] - m) * inv;
                if (w != null) y *= w[k];
                if (b != null) y += b[k];
                o[off + k] = y;
            }
        }
    }

    /** {@code o[i] = a[i] + b[i]}, {@code lo <= i < hi}. */
    public static void add(float[] a, float[] b, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = a[i] + b[i];
    }

    /** {@code o[i] = a[i] - b[i]}, {@code lo <= i < hi}. */
    public static void sub(float[] a, float[] b, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = a[i] - b[i];
    }

    /** {@code o[i] = a[i] * b[i]}, {@code lo <= i < hi}. */
    public static void mul(float[] a, float[] b, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = a[i] * b[i];
    }

    /** {@code o[i] = a[i] / b[i]}, {@code lo <= i < hi}. */
    public static void div(float[] a, float[] b, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = a[i] / b[i];
    }

    /** {@code o[i] = max(a[i], 0)} keeping NaN, {@code lo <= i < hi}. */
    public static void relu(float[] a, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i++) o[i] = Math.max(a[i], 0f);
    }
}
