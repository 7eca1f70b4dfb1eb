package dev.onnxport.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM kernel on the incubator Vector API ({@code jdk.incubator.vector}), loaded only when that module is in the
 * boot layer ({@link Sgemm} checks before it touches this class). A register tile of {@link #MR} rows x {@link #NR}
 * columns of C lives in 16 vector accumulators; per k-step it loads two vectors of a packed B micro-panel and
 * broadcasts {@link #MR} values of a packed A micro-panel, 16 fused multiply-adds for 2 loads. Both operands are
 * packed by {@link Panels} into k-major micro-panels (B per {@link #KC} x {@link #NC} block, A per {@link #MC} rows), so
 * the tile reads both sequentially; edges are zero-padded and stored through a scratch tile. When C has at most
 * {@link #DIRECT_MAX_COLS} columns a row-major A is read in place instead ({@code kernelRows}).
 *
 * <p>For a {@code linear} layer (A with contiguous rows times the transpose of a row-major weight) with few rows,
 * packing the weight would cost more than the product: {@link #rowDots} reads the weight's rows in place as dot
 * products instead.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Register tile: MR rows x NR = two vectors of columns, 16 accumulators. */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Depth of a packed block: one B micro-panel (KC x NR) stays in L1. */
    static final int KC = 256;
    /** Rows of A packed at once (KC x MC floats in L2). */
    static final int MC = 128;
    /** Columns of B packed at once (KC x NC floats in L2). */
    static final int NC = 1024;
    /** Products with at most this many rows read a transposed B in place ({@link #rowDots}) instead of packing it. */
    static final int DOT_MAX_ROWS = 256;
    /** Rows of B^T (weight rows) per cache block of {@link #rowDots}: about 512 KiB of weights at k = 768. */
    private static final int DOT_BLOCK_BYTES = 512 * 1024;

    /**
     * Widest column range whose row tiles read a row-major A in place instead of packing it: packing is a transpose
     * that C's few columns (a deep convolution layer) do not amortize, while wider products run faster packed
     * (measured on one core: 512 x 49 x 4608 86 GFLOP/s in place against 60 packed; 512^3 112 against 131).
     */
    static final int DIRECT_MAX_COLS = 2 * NR;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final float[] a = new float[KC * MC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private VectorGemm() {}

    /** This kernel when the hardware has vectors of at least 4 floats, else null. Returns the interface type so that
     * callers never link against this class unless they call it. */
    static GemmKernel create() {
        return L >= 4 ? new VectorGemm() : null;
    }

    @Override
    public int rowAlign() { return MR; }

    @Override
    public int colAlign() { return NR; }

    /**
     * Transposed only when C has fewer columns than half a tile and more rows: padding a few columns to a whole tile
     * wastes more than the transposed product's packing costs. Transposing to fill the edge tiles better was tried and
     * lost on ResNet-50's deep layers (256 x 196 x 2304: 87-90 GFLOP/s transposed against 97-100 on one core), where
     * the transposed product packs the whole weight as its B, a transpose.
     */
    @Override
    public boolean prefersTransposed(int m, int n) {
        return n < NR / 2 && m > n;
    }

    @Override
    public void block(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int rsA, int csA, Sgemm.Packer b,
                      float[] c, int cOff, int rsC, int csC, boolean accumulate) {
        Scratch s = SCRATCH.get();
        float[] ap = s.a, bp = s.b, tile = s.tile;
        boolean direct = csA == 1 && j1 - j0 <= DIRECT_MAX_COLS;
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                b.pack(kb, kc, jb, nc, bp, NR);
                boolean add = kb > 0 || accumulate;
                for (int ib = i0; ib < i1; ib += MC) {
                    int mc = Math.min(MC, i1 - ib);
                    // rows of A contiguous along k (a weight times columns): whole row tiles read A in place, only a
                    // ragged last tile is packed (at the start of ap); packing a large A would cost as much as the
                    // product when C has few columns
                    int whole = direct ? mc / MR * MR : 0;
                    int aBlock = aOff + ib * rsA + kb * csA;
                    if (whole < mc) Panels.pack(a, aBlock + whole * rsA, csA, rsA, kc, mc - whole, ap, MR);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int w = Math.min(NR, nc - jr);
                        int bo = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int h = Math.min(MR, mc - ir);
                            int ci = cOff + (ib + ir) * rsC + (jb + jr) * csC;
                            boolean inPlace = ir < whole;
                            float[] c0 = c;
                            int co = ci, ldc = rsC;
                            if (h == MR && w == NR && csC == 1) {
                                if (!add) for (int r = 0; r < MR; r++) Arrays.fill(c, ci + r * rsC, ci + r * rsC + NR, 0f);
                            } else {
                                Arrays.fill(tile, 0f);
                                c0 = tile;
                                co = 0;
                                ldc = NR;
                            }
                            if (inPlace) kernelRows(kc, a, aBlock + ir * rsA, rsA, bp, bo, c0, co, ldc);
                            else kernel(kc, ap, (ir - whole) * kc, bp, bo, c0, co, ldc);
                            if (c0 == tile) merge(tile, h, w, c, ci, rsC, csC, add);
                        }
                    }
                }
            }
        }
    }

    /** The valid h x w corner of a scratch tile into C. */
    private static void merge(float[] tile, int h, int w, float[] c, int ci, int rsC, int csC, boolean add) {
        for (int r = 0; r < h; r++) {
            int t = r * NR, o = ci + r * rsC;
            if (add) for (int j = 0; j < w; j++) c[o + j * csC] += tile[t + j];
            else for (int j = 0; j < w; j++) c[o + j * csC] = tile[t + j];
        }
    }

    /**
     * {@code C[co + r*ldc + j] += sum_p ap[ao + p*MR + r] * bp[bo + p*NR + j]}, r < MR, j < NR. Always adds (callers zero an
     * overwritten tile first), and the stores are written out: with the epilogue in a helper method C2 (JDK 17) left
     * its vector operations unintrinsified, boxed objects on every call (measured 14 against 140 GFLOP/s).
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S),
                c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S),
                c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S),
                c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR, a = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, b), b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[a]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[a + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[a + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[a + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[a + 4]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[a + 5]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[a + 6]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[a + 7]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c01.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        c10.add(FloatVector.fromArray(S, c, co + ldc)).intoArray(c, co + ldc);
        c11.add(FloatVector.fromArray(S, c, co + ldc + L)).intoArray(c, co + ldc + L);
        c20.add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
        c30.add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        c40.add(FloatVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L)).intoArray(c, co + 4 * ldc + L);
        c50.add(FloatVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L)).intoArray(c, co + 5 * ldc + L);
        c60.add(FloatVector.fromArray(S, c, co + 6 * ldc)).intoArray(c, co + 6 * ldc);
        c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + L)).intoArray(c, co + 6 * ldc + L);
        c70.add(FloatVector.fromArray(S, c, co + 7 * ldc)).intoArray(c, co + 7 * ldc);
        c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + L)).intoArray(c, co + 7 * ldc + L);
    }

    /**
     * {@link #kernel} with A read in place: {@code a[ao + r*lda + p]}, r < MR (eight rows contiguous along k). Not one
     * kernel over (row, k) strides with the packed case: that ran 0.83x the GFLOP/s of these two (512^3 sgemm 176 against
     * 213, conv3x3 112 against 131, JMH, two interleaved rounds): the packed loads lose their constant offsets.
     */
    private static void kernelRows(int kc, float[] a, int ao, int lda, float[] bp, int bo, float[] c, int co, int ldc) {
        int a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S),
                c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S),
                c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S),
                c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int b = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, b), b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao + p]); c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[a6 + p]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[a7 + p]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c01.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        c10.add(FloatVector.fromArray(S, c, co + ldc)).intoArray(c, co + ldc);
        c11.add(FloatVector.fromArray(S, c, co + ldc + L)).intoArray(c, co + ldc + L);
        c20.add(FloatVector.fromArray(S, c, co + 2 * ldc)).intoArray(c, co + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L)).intoArray(c, co + 2 * ldc + L);
        c30.add(FloatVector.fromArray(S, c, co + 3 * ldc)).intoArray(c, co + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L)).intoArray(c, co + 3 * ldc + L);
        c40.add(FloatVector.fromArray(S, c, co + 4 * ldc)).intoArray(c, co + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L)).intoArray(c, co + 4 * ldc + L);
        c50.add(FloatVector.fromArray(S, c, co + 5 * ldc)).intoArray(c, co + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L)).intoArray(c, co + 5 * ldc + L);
        c60.add(FloatVector.fromArray(S, c, co + 6 * ldc)).intoArray(c, co + 6 * ldc);
        c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + L)).intoArray(c, co + 6 * ldc + L);
        c70.add(FloatVector.fromArray(S, c, co + 7 * ldc)).intoArray(c, co + 7 * ldc);
        c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + L)).intoArray(c, co + 7 * ldc + L);
    }

    @Override
    public boolean prefersRowDots(int m, int n, int k) {
        return m <= DOT_MAX_ROWS && k >= L;
    }

    /**
     * Tiles of 4 rows of A x 4 rows of B^T, 16 vector accumulators along k, summed across lanes at the end; B^T is
     * walked in blocks of rows that stay in L2 while every row tile of A passes over them.
     */
    @Override
    public void rowDots(int m, int j0, int j1, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        int block = Math.max(4, DOT_BLOCK_BYTES / (4 * k) / 4 * 4);
        for (int jb = j0; jb < j1; jb += block) {
            int je = Math.min(j1, jb + block);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int j = jb;
                for (; j + 4 <= je; j += 4) dot4x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, c, cOff + i * ldc + j, ldc, accumulate);
                for (; j < je; j++) for (int r = 0; r < 4; r++) dot1(k, a, aOff + (i + r) * lda, b, bOff + j * ldb, c, cOff + (i + r) * ldc + j, accumulate);
            }
            for (; i < m; i++) {
                for (int j = jb; j < je; j++) dot1(k, a, aOff + i * lda, b, bOff + j * ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
    }

    private static void dot4x4(int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                               float[] c, int co, int ldc, boolean add) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S),
                s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S),
                s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S),
                s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        int a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = bo + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        int kv = k - k % L;
        for (int p = 0; p < kv; p += L) {
            FloatVector w0 = FloatVector.fromArray(S, b, bo + p), w1 = FloatVector.fromArray(S, b, b1 + p),
                    w2 = FloatVector.fromArray(S, b, b2 + p), w3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, ao + p);
            s00 = x.fma(w0, s00); s01 = x.fma(w1, s01); s02 = x.fma(w2, s02); s03 = x.fma(w3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(w0, s10); s11 = x.fma(w1, s11); s12 = x.fma(w2, s12); s13 = x.fma(w3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(w0, s20); s21 = x.fma(w1, s21); s22 = x.fma(w2, s22); s23 = x.fma(w3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(w0, s30); s31 = x.fma(w1, s31); s32 = x.fma(w2, s32); s33 = x.fma(w3, s33);
        }
        finish(s00, k, kv, a, ao, b, bo, c, co, add);
        finish(s01, k, kv, a, ao, b, b1, c, co + 1, add);
        finish(s02, k, kv, a, ao, b, b2, c, co + 2, add);
        finish(s03, k, kv, a, ao, b, b3, c, co + 3, add);
        finish(s10, k, kv, a, a1, b, bo, c, co + ldc, add);
        finish(s11, k, kv, a, a1, b, b1, c, co + ldc + 1, add);
        finish(s12, k, kv, a, a1, b, b2, c, co + ldc + 2, add);
        finish(s13, k, kv, a, a1, b, b3, c, co + ldc + 3, add);
        finish(s20, k, kv, a, a2, b, bo, c, co + 2 * ldc, add);
        finish(s21, k, kv, a, a2, b, b1, c, co + 2 * ldc + 1, add);
        finish(s22, k, kv, a, a2, b, b2, c, co + 2 * ldc + 2, add);
        finish(s23, k, kv, a, a2, b, b3, c, co + 2 * ldc + 3, add);
        finish(s30, k, kv, a, a3, b, bo, c, co + 3 * ldc, add);
        finish(s31, k, kv, a, a3, b, b1, c, co + 3 * ldc + 1, add);
        finish(s32, k, kv, a, a3, b, b2, c, co + 3 * ldc + 2, add);
        finish(s33, k, kv, a, a3, b, b3, c, co + 3 * ldc + 3, add);
    }

    /** One dot product: the lanes of {@code s} summed, plus the scalar tail [kv, k). */
    private static void finish(FloatVector s, int k, int kv, float[] a, int ao, float[] b, int bo, float[] c, int o, boolean add) {
        float v = s.reduceLanes(VectorOperators.ADD);
        for (int p = kv; p < k; p++) v = Math.fma(a[ao + p], b[bo + p], v);
        c[o] = add ? c[o] + v : v;
    }

    private static void dot1(int k, float[] a, int ao, float[] b, int bo, float[] c, int o, boolean add) {
        FloatVector acc = FloatVector.zero(S);
        int kv = k - k % L;
        for (int p = 0; p < kv; p += L) acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        finish(acc, k, kv, a, ao, b, bo, c, o, add);
    }
}
