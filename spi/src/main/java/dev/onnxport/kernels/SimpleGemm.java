package dev.onnxport.kernels;

/**
 * Straightforward strided matrix products for the dtypes that are not on the fast path
 * (float64 in double, integers exactly in long). Correct for any strides; not blocked.
 */
public final class SimpleGemm {
    private SimpleGemm() {}

    /** {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[bOff + p*rsB + j*csB]}. */
    public static void dgemm(int m, int n, int k, double[] a, int aOff, int rsA, int csA,
                             double[] b, int bOff, int rsB, int csB, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double av = a[aOff + i * rsA + p * csA];
                int bp = bOff + p * rsB;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j * csB];
            }
        }
    }

    /** The integer version of {@link #dgemm}, wrapping on overflow as PyTorch does. */
    public static void lgemm(int m, int n, int k, long[] a, int aOff, int rsA, int csA,
                             long[] b, int bOff, int rsB, int csB, long[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0L);
            for (int p = 0; p < k; p++) {
                long av = a[aOff + i * rsA + p * csA];
                int bp = bOff + p * rsB;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j * csB];
            }
        }
    }
}
