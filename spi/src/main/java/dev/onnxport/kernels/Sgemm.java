package dev.onnxport.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Cache-blocked single-precision matrix product {@code C = A * B} (or {@code C += A * B}) over
 * plain {@code float[]} with arbitrary element strides for A and B, so transposed and strided
 * views need no copy.
 *
 * <p>Blocking: B is packed per {@link #KC} x {@link #NC} block into one {@code float[]} per k-row
 * (an L2-resident panel); each row of C is accumulated in an L1-resident scratch row. The
 * micro-kernel fuses four k-steps per pass ({@code acc[j] += a0*b0[j] + ... + a3*b3[j]}): one
 * load and one store of the accumulator per four multiply-adds. It is written in the one shape
 * HotSpot C2 (JDK 17) reliably auto-vectorizes: a counted loop whose every array access uses the
 * same index {@code j} on arrays starting at zero. Accumulators held in scalar locals (the
 * classic 6x16 register tile) are not vectorized by C2's SuperWord, and loops mixing different
 * invariant offsets into one array are not either, which is why the panel is an array of rows.
 *
 * <p>Large problems are split over N (or over M when N is narrow) into one task per core,
 * run on the common ForkJoinPool with the calling thread taking part.
 */
public final class Sgemm {
    /** Depth of a packed B block: 4 * KC bytes of A per row stay in L1. */
    static final int KC = 256;
    /** Width of a packed B block: the accumulator row (2 KiB) sits in L1, the panel (512 KiB) in L2. */
    static final int NC = 512;
    /** Below this many multiply-adds one thread is faster than forking. */
    public static final long PARALLEL_MIN_WORK = 1L << 21;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers, allocated once so hot calls do not churn the heap. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        final float[] acc = new float[NC];
    }

    private Sgemm() {}

    /**
     * {@code C[cOff + i*ldc + j] (+)= sum_p A[aOff + i*rsA + p*csA] * B[bOff + p*rsB + j*csB]}
     * for {@code i < m, j < n, p < k}.
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
        int parts = parts((long) m * n * k);
        if (parts <= 1) {
            block(0, m, 0, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(parts);
        boolean splitN = n >= 64 * parts;
        int len = splitN ? n : m;
        // column chunks are multiples of 16 floats so each task's vector loops stay full-width
        int step = splitN ? ((len + parts - 1) / parts + 15) / 16 * 16 : (len + parts - 1) / parts;
        for (int lo = 0; lo < len; lo += step) {
            int s = lo, e = Math.min(len, lo + step);
            tasks.add(ForkJoinTask.adapt(() -> {
                if (splitN) block(0, m, s, e, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
                else block(s, e, 0, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
            }));
        }
        ForkJoinTask.invokeAll(tasks);
    }

    /** How many tasks a product of {@code work} multiply-adds is worth: one per core, or one. */
    static int parts(long work) {
        if (work < PARALLEL_MIN_WORK) return 1;
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return Math.max(1, cores);
    }

    /** Rows [i0, i1) and columns [j0, j1) of C, on the calling thread. */
    private static void block(int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOff, int rsA, int csA,
                              float[] b, int bOff, int rsB, int csB,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel;
        float[] acc = s.acc;
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                pack(b, bOff + kb * rsB + jb * csB, rsB, csB, kc, nc, panel);
                boolean overwrite = kb == 0 && !accumulate;
                for (int i = i0; i < i1; i++) {
                    rowTimesPanel(a, aOff + i * rsA + kb * csA, csA, panel, kc, nc, acc);
                    int ci = cOff + i * ldc + jb;
                    if (overwrite) System.arraycopy(acc, 0, c, ci, nc);
                    else for (int j = 0; j < nc; j++) c[ci + j] += acc[j];
                }
            }
        }
    }

    /** Copies a kc x nc block of B into one array per k-row. */
    private static void pack(float[] b, int off, int rsB, int csB, int kc, int nc, float[][] panel) {
        for (int p = 0; p < kc; p++) {
            float[] row = panel[p];
            int src = off + p * rsB;
            if (csB == 1) {
                System.arraycopy(b, src, row, 0, nc);
            } else {
                for (int j = 0; j < nc; j++) row[j] = b[src + j * csB];
            }
        }
    }

    /** acc[0, nc) = sum over p < kc of a[aBase + p*csA] * panel[p][0, nc). */
    private static void rowTimesPanel(float[] a, int aBase, int csA, float[][] panel, int kc, int nc, float[] acc) {
        int p;
        if (kc >= 4) {
            set4(acc, nc, a[aBase], panel[0], a[aBase + csA], panel[1],
                    a[aBase + 2 * csA], panel[2], a[aBase + 3 * csA], panel[3]);
            p = 4;
        } else {
            set1(acc, nc, a[aBase], panel[0]);
            p = 1;
        }
        for (; p + 4 <= kc; p += 4) {
            int ap = aBase + p * csA;
            add4(acc, nc, a[ap], panel[p], a[ap + csA], panel[p + 1],
                    a[ap + 2 * csA], panel[p + 2], a[ap + 3 * csA], panel[p + 3]);
        }
        for (; p < kc; p++) add1(acc, nc, a[aBase + p * csA], panel[p]);
    }

    private static void set4(float[] acc, int n, float a0, float[] b0, float a1, float[] b1,
                             float a2, float[] b2, float a3, float[] b3) {
        for (int j = 0; j < n; j++) acc[j] = a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void add4(float[] acc, int n, float a0, float[] b0, float a1, float[] b1,
                             float a2, float[] b2, float a3, float[] b3) {
        for (int j = 0; j < n; j++) acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void set1(float[] acc, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) acc[j] = a0 * b0[j];
    }

    private static void add1(float[] acc, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) acc[j] += a0 * b0[j];
    }
}
