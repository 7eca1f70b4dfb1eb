package dev.onnxport.kernels;

/**
 * The GEMM kernel without the Vector API: plain Java written for HotSpot C2's auto-vectorizer (JDK 17). C2 packs a
 * loop into SIMD instructions only when every array access in it uses the same index over arrays that start at zero;
 * it does not vectorize a register tile of scalar accumulators. So B is packed per {@link #KC} x {@link #NC} block
 * into one {@code float[]} per k-row, and rows of C are computed two at a time into L1-resident scratch rows, four
 * k-steps per pass with {@link Math#fma}: each loaded B vector serves two rows (with three or four rows C2 runs the
 * loop scalar, measured). Products with fewer than {@link #NARROW} columns and more rows run transposed, because the
 * vector loop leaves most of a short row to its scalar tail.
 */
final class ScalarGemm implements GemmKernel {
    /** Depth of a packed B block. */
    static final int KC = 256;
    /** Width of a packed B block: the accumulator rows (2 x 2 KiB) sit in L1, the panel (512 KiB) in L2. */
    static final int NC = 512;
    /** Rows of C per micro-kernel call. */
    static final int MR = 2;
    /** Products with fewer columns than this run transposed when that gives more. */
    static final int NARROW = 256;

    static final ScalarGemm INSTANCE = new ScalarGemm();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers, allocated once so hot calls do not churn the heap. */
    private static final class Scratch {
        final float[] packed = new float[KC * NC];
        final float[][] panel = new float[KC][NC];
        final float[] acc0 = new float[NC], acc1 = new float[NC];
    }

    private ScalarGemm() {}

    @Override
    public int rowAlign() { return MR; }

    @Override
    public int colAlign() { return 16; }

    @Override
    public boolean prefersTransposed(int m, int n) { return n < NARROW && m > n; }

    @Override
    public void block(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int rsA, int csA, Sgemm.Packer b,
                      float[] c, int cOff, int rsC, int csC, boolean accumulate) {
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel;
        float[] acc0 = s.acc0, acc1 = s.acc1;
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                // one micro-panel as wide as the block is a row-major kc x nc block; C2 wants each row in its own array
                b.pack(kb, kc, jb, nc, s.packed, nc);
                for (int p = 0; p < kc; p++) System.arraycopy(s.packed, p * nc, panel[p], 0, nc);
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
