package dev.onnxport.kernels;

/**
 * Cache-blocked single-precision matrix product {@code C = A * B} (or {@code C += A * B}) over
 * plain {@code float[]} with arbitrary element strides for A and B, so transposed and strided
 * views need no copy.
 *
 * <p>Blocking: B is packed per {@link #KC} x {@link #NC} block into one {@code float[]} per k-row
 * (an L2-resident panel). Rows of C are computed {@link #MR} at a time into L1-resident scratch
 * rows: the micro-kernel reads four packed B rows once per column and feeds them to two rows of A,
 * with four k-steps fused per pass, so per vector of columns it does 8 fused multiply-adds
 * ({@link Math#fma}) for 4 loads of B and one load and store of each accumulator row (tiles of
 * three or four rows are no longer vectorized by C2, measured). It is written
 * in the one shape HotSpot C2 (JDK 17) reliably auto-vectorizes: a counted loop whose every array
 * access uses the same index {@code j} on arrays starting at zero. Accumulators held in scalar
 * locals (the classic 6x16 register tile) are not vectorized by C2's SuperWord, and loops mixing
 * different invariant offsets into one array are not either, which is why the panel is an array of
 * rows and each row of the tile has its own scratch array.
 *
 * <p>Large problems are split over N (or over M when N is narrow) into tasks on {@link Parallel}'s
 * workers, with the calling thread taking part: one per core, or up to four per core for wide N.
 */
public final class Sgemm {
    /** Depth of a packed B block. */
    static final int KC = 256;
    /** Width of a packed B block: the accumulator rows (2 x 2 KiB) sit in L1, the panel (512 KiB) in L2. */
    static final int NC = 512;
    /** Rows of C per micro-kernel call. */
    static final int MR = 2;
    /** Below this many multiply-adds one thread is faster than splitting. */
    public static final long PARALLEL_MIN_WORK = 1L << 18;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers, allocated once so hot calls do not churn the heap. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        final float[] acc0 = new float[NC], acc1 = new float[NC];
    }

    private Sgemm() {}

    /**
     * {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[bOff + p*rsB + j*csB]}
     * for {@code i < m, j < n, p < k}. Narrow products (n below {@link #NARROW}, m > n) are computed
     * transposed, so the vectorized loops run over the longer side.
     *
     * @param accumulate add to C instead of overwriting it
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int rsA, int csA,
                            float[] b, int bOff, int rsB, int csB,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (n < NARROW && m > n) {
            // few columns: C2's vector loops leave a short row mostly to their scalar tail, so run the
            // transposed product C^T = B^T A^T, whose rows are C's columns, and store C^T transposed
            run(n, m, k, b, bOff, csB, rsB, strided(a, aOff, csA, rsA), c, cOff, 1, ldc, accumulate);
        } else {
            run(m, n, k, a, aOff, rsA, csA, strided(b, bOff, rsB, csB), c, cOff, ldc, 1, accumulate);
        }
    }

    /** Products with fewer columns than this run transposed when that gives more. */
    public static final int NARROW = 256;

    /**
     * Fills {@code panel[p][j] = B[kb + p][jb + j]} for {@code p < kc, j < nc}: how the kernel reads a B that is
     * not a strided array, e.g. convolution windows gathered straight from the input ("implicit im2col").
     */
    @FunctionalInterface
    public interface Packer {
        void pack(int kb, int kc, int jb, int nc, float[][] panel);
    }

    /**
     * {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[p][j]} with B given by a {@link Packer}
     * (always computed untransposed: prefer the array form for narrow products).
     */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int rsA, int csA, Packer b,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        run(m, n, k, a, aOff, rsA, csA, b, c, cOff, ldc, 1, accumulate);
    }

    private static Packer strided(float[] b, int bOff, int rsB, int csB) {
        return (kb, kc, jb, nc, panel) -> pack(b, bOff + kb * rsB + jb * csB, rsB, csB, kc, nc, panel);
    }

    /** {@code C[cOff + i*rsC + j*csC] (+)= (A B)[i, j]}, split over cores. */
    private static void run(int m, int n, int k, float[] a, int aOff, int rsA, int csA, Packer b,
                            float[] c, int cOff, int rsC, int csC, boolean accumulate) {
        int parts = parts((long) m * n * k);
        if (parts <= 1) {
            block(0, m, 0, n, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
            return;
        }
        // split columns when each part still gets full-width vector loops and whole row tiles stay shared
        boolean splitN = n >= 64 * parts || m < MR * parts;
        int len = splitN ? n : m;
        int align = splitN ? 16 : MR;
        int even = ceilTo((len + parts - 1) / parts, align);
        // column chunks cost no extra packing: cut wide products into up to 4 chunks per thread, none narrower
        // than a panel, so a thread that starts late (a shared machine) leaves its share to the others
        int step = splitN ? Math.min(even, Math.max(NC, ceilTo((len + 4 * parts - 1) / (4 * parts), align))) : even;
        int chunks = (len + step - 1) / step;
        Parallel.run(chunks, t -> {
            int s = t * step, e = Math.min(len, s + step);
            if (splitN) block(0, m, s, e, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
            else block(s, e, 0, n, k, a, aOff, rsA, csA, b, c, cOff, rsC, csC, accumulate);
        });
    }

    private static int ceilTo(int v, int align) { return (v + align - 1) / align * align; }

    /** How many tasks a product of {@code work} multiply-adds is worth: one per core, or one. */
    static int parts(long work) {
        return work < PARALLEL_MIN_WORK ? 1 : Parallel.THREADS;
    }

    /** Rows [i0, i1) and columns [j0, j1) of C, on the calling thread. */
    static void block(int i0, int i1, int j0, int j1, int k,
                      float[] a, int aOff, int rsA, int csA, Packer b,
                      float[] c, int cOff, int rsC, int csC, boolean accumulate) {
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel;
        float[] acc0 = s.acc0, acc1 = s.acc1;
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                b.pack(kb, kc, jb, nc, panel);
                boolean overwrite = kb == 0 && !accumulate;
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    tile2(a, aOff + i * rsA + kb * csA, rsA, csA, panel, kc, nc, acc0, acc1);
                    int ci = cOff + i * rsC + jb * csC;
                    store(acc0, c, ci, csC, nc, overwrite);
                    store(acc1, c, ci + rsC, csC, nc, overwrite);
                }
                for (; i < i1; i++) {
                    rowTimesPanel(a, aOff + i * rsA + kb * csA, csA, panel, kc, nc, acc0);
                    store(acc0, c, cOff + i * rsC + jb * csC, csC, nc, overwrite);
                }
            }
        }
    }

    private static void store(float[] acc, float[] c, int ci, int csC, int nc, boolean overwrite) {
        if (csC == 1) {
            if (overwrite) System.arraycopy(acc, 0, c, ci, nc);
            else for (int j = 0; j < nc; j++) c[ci + j] += acc[j];
        } else if (overwrite) {
            for (int j = 0; j < nc; j++) c[ci + j * csC] = acc[j];
        } else {
            for (int j = 0; j < nc; j++) c[ci + j * csC] += acc[j];
        }
    }

    /** Two rows: acc_r[0, nc) = sum over p < kc of a[aBase + r*rsA + p*csA] * panel[p][0, nc), r < 2. */
    private static void tile2(float[] a, int aBase, int rsA, int csA, float[][] panel, int kc, int nc,
                              float[] c0, float[] c1) {
        java.util.Arrays.fill(c0, 0, nc, 0f);
        java.util.Arrays.fill(c1, 0, nc, 0f);
        int r1 = aBase + rsA;
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            int o0 = p * csA, o1 = o0 + csA, o2 = o1 + csA, o3 = o2 + csA;
            kernel2x4(nc, panel[p], panel[p + 1], panel[p + 2], panel[p + 3],
                    a[aBase + o0], a[aBase + o1], a[aBase + o2], a[aBase + o3],
                    a[r1 + o0], a[r1 + o1], a[r1 + o2], a[r1 + o3], c0, c1);
        }
        for (; p < kc; p++) {
            int o = p * csA;
            kernel2x1(nc, panel[p], a[aBase + o], a[r1 + o], c0, c1);
        }
    }

    // C2 (JDK 17) vectorizes this body (2 accumulator rows x 4 k-steps); with 3 or 4 rows it runs scalar
    private static void kernel2x4(int n, float[] b0, float[] b1, float[] b2, float[] b3,
                                  float x00, float x01, float x02, float x03,
                                  float x10, float x11, float x12, float x13,
                                  float[] c0, float[] c1) {
        for (int j = 0; j < n; j++) {
            c0[j] = Math.fma(x03, b3[j], Math.fma(x02, b2[j], Math.fma(x01, b1[j], Math.fma(x00, b0[j], c0[j]))));
            c1[j] = Math.fma(x13, b3[j], Math.fma(x12, b2[j], Math.fma(x11, b1[j], Math.fma(x10, b0[j], c1[j]))));
        }
    }

    private static void kernel2x1(int n, float[] b0, float x0, float x1, float[] c0, float[] c1) {
        for (int j = 0; j < n; j++) {
            c0[j] = Math.fma(x0, b0[j], c0[j]);
            c1[j] = Math.fma(x1, b0[j], c1[j]);
        }
    }

    /** Copies a kc x nc block of B into one array per k-row. */
    private static void pack(float[] b, int off, int rsB, int csB, int kc, int nc, float[][] panel) {
        for (int p = 0; p < kc; p++) {
            float[] row = panel[p];
            int src = off + p * rsB;
            if (csB == 1) {
                System.arraycopy(b, src, row, 0, nc);
            } else if (rsB != 1) {
                for (int j = 0; j < nc; j++) row[j] = b[src + j * csB];
            } else {
                // a transposed operand: read along its contiguous rows, writing one column of the panel at a time
                packTransposed(b, off, csB, kc, nc, panel);
                return;
            }
        }
    }

    private static void packTransposed(float[] b, int off, int csB, int kc, int nc, float[][] panel) {
        for (int j = 0; j < nc; j++) {
            int src = off + j * csB;
            for (int p = 0; p < kc; p++) panel[p][j] = b[src + p];
        }
    }

    /** One row: acc[0, nc) = sum over p < kc of a[aBase + p*csA] * panel[p][0, nc). */
    private static void rowTimesPanel(float[] a, int aBase, int csA, float[][] panel, int kc, int nc, float[] acc) {
        java.util.Arrays.fill(acc, 0, nc, 0f);
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            int ap = aBase + p * csA;
            add4(acc, nc, a[ap], panel[p], a[ap + csA], panel[p + 1],
                    a[ap + 2 * csA], panel[p + 2], a[ap + 3 * csA], panel[p + 3]);
        }
        for (; p < kc; p++) add1(acc, nc, a[aBase + p * csA], panel[p]);
    }

    private static void add4(float[] acc, int n, float a0, float[] b0, float a1, float[] b1,
                             float a2, float[] b2, float a3, float[] b3) {
        for (int j = 0; j < n; j++) acc[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
    }

    private static void add1(float[] acc, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) acc[j] = Math.fma(a0, b0[j], acc[j]);
    }
}
