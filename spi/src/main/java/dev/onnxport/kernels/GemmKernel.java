package dev.onnxport.kernels;

/**
 * One way of computing a block of {@code C = A * B} on the calling thread: {@link Sgemm} owns the public entry
 * points, the choice between the transposed and untransposed product and the split over cores, and hands each
 * part to the kernel it selected at class initialization ({@link ScalarGemm} or {@link VectorGemm}).
 */
interface GemmKernel {
    /** Rows and columns a part of a split should be a multiple of (whole register tiles). */
    int rowAlign();

    int colAlign();

    /** Whether the product is faster computed as {@code C^T = B^T A^T} (for {@code m} rows, {@code n} columns). */
    boolean prefersTransposed(int m, int n);

    /**
     * Rows [i0, i1) and columns [j0, j1) of {@code C[cOff + i*rsC + j*csC] (+)= sum_p A[aOff + i*rsA + p*csA] * B[p][j]}
     * for {@code p < k}, B read through {@code b}.
     */
    void block(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int rsA, int csA, Sgemm.Packer b,
               float[] c, int cOff, int rsC, int csC, boolean accumulate);

    /**
     * Whether {@link #rowDots} should compute this product: A with contiguous rows ({@code csA == 1}) times a B given
     * as contiguous rows of {@code B^T} ({@code rsB == 1}, a {@code linear} weight), read in place without packing.
     */
    default boolean prefersRowDots(int m, int n, int k) { return false; }

    /** Columns [j0, j1) of {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*lda + p] * B[bOff + j*ldb + p]}, all m rows. */
    default void rowDots(int m, int j0, int j1, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        throw new UnsupportedOperationException();
    }
}
