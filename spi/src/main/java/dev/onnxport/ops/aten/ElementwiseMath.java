package dev.onnxport.ops.aten;

/** Scalar math the elementwise kernels need beyond {@link Math}, in double precision. */
final class ElementwiseMath {
    private ElementwiseMath() {}

    static final double SQRT_2 = Math.sqrt(2.0);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    /** Grid for {@link #erf}: erf and exp(-x^2) at x = k / ERF_STEPS for k = 0 .. 6 * ERF_STEPS. */
    private static final int ERF_STEPS = 64;
    private static final double[] ERF_AT = new double[6 * ERF_STEPS + 1];
    private static final double[] GAUSS_AT = new double[ERF_AT.length];
    /** 1/n, so the series loop multiplies instead of dividing. */
    private static final double[] INV = new double[9];

    static {
        for (int n = 1; n < INV.length; n++) INV[n] = 1.0 / n;
        for (int k = 0; k < ERF_AT.length; k++) {
            double x = (double) k / ERF_STEPS;
            ERF_AT[k] = erfReference(x);
            GAUSS_AT[k] = Math.exp(-x * x);
        }
    }

    /**
     * The error function, relative error about 1e-15, fast enough for gelu. From the nearest grid point
     * x0 (|d| = |x - x0| &lt;= 1/128) it adds the integral of the Gaussian over [x0, x0 + d]:
     * exp(-x0^2) * sum_n g_n d^(n+1) / (n+1), where exp(-2 x0 t - t^2) = sum_n g_n t^n and
     * n g_n = -2 x0 g_(n-1) - 2 g_(n-2). Eight terms leave an error below 1e-12 on [0, 6].
     */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a >= 6) return Math.copySign(1.0, x);   // erfc(6) < 2.2e-17
        int k = (int) Math.round(a * ERF_STEPS);
        double x0 = (double) k / ERF_STEPS, d = a - x0;
        double gPrev = 0, g = 1, pow = d, sum = d;
        for (int n = 1; n <= 7; n++) {
            double gNext = (-2 * x0 * g - 2 * gPrev) * INV[n];
            gPrev = g;
            g = gNext;
            pow *= d;
            sum += g * pow * INV[n + 1];
        }
        return Math.copySign(ERF_AT[k] + TWO_OVER_SQRT_PI * GAUSS_AT[k] * sum, x);
    }

    /**
     * erf for the grid, slow but accurate: for x &lt; 3 the series
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (2n+1)!!, whose terms are all positive (no
     * cancellation); beyond that 1 - erfc(x) by erfc's continued fraction, which converges fast there.
     */
    private static double erfReference(double a) {
        if (a >= 3) return 1.0 - erfcLarge(a);
        double x2 = a * a, term = a, sum = a;
        for (int n = 1; term > sum * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /**
     * erfc(a) for a &gt;= 3 from the continued fraction
     * erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), by the modified Lentz method.
     */
    private static double erfcLarge(double a) {
        final double tiny = 1e-300;
        double f = a, c = a, d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = a + an * d;
            if (d == 0) d = tiny;
            c = a + an / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / SQRT_2));
    }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** max(x, 0) that keeps NaN, as PyTorch's relu does. */
    static double relu(double x) {
        return x > 0 || Double.isNaN(x) ? x : 0;
    }

    /** Python's sign convention for remainder: the result takes the divisor's sign. */
    static double remainder(double a, double b) {
        double m = a % b;
        if (m != 0 && (b < 0) != (m < 0)) m += b;
        return m;
    }

    static long remainder(long a, long b) {
        long m = a % b;
        if (m != 0 && (b < 0) != (m < 0)) m += b;
        return m;
    }

    /** Floor division of floats as PyTorch computes it (via fmod, so it agrees with {@link #remainder}). */
    static double floorDiv(double a, double b) {
        if (b == 0) return a / b;
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0.0, a / b);
        double fl = Math.floor(div);
        if (div - fl > 0.5) fl += 1;
        return fl;
    }

    /** Integer power by repeated squaring; negative exponents are an error as in PyTorch. */
    static long powInt(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            throw new IllegalArgumentException("aten::pow: integers to negative integer powers are not allowed");
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }

    /** a + w (b - a), evaluated from the nearer end as PyTorch does, so w = 1 gives b exactly. */
    static double lerp(double a, double b, double w) {
        return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }
}
