package dev.onnxport.kernels;

import java.util.Arrays;

/**
 * The packed operand layout both GEMM kernels read: a {@code kc x width} block of a strided matrix as micro-panels
 * of {@code nr} columns, each stored k-major, so that element {@code (p, j)} sits at
 * {@code dst[(j / nr) * kc * nr + p * nr + j % nr]}; the columns of the last micro-panel past {@code width} are
 * zero. A of {@code C = A B} is packed with the same function, its rows taking the role of B's columns.
 */
final class Panels {
    private Panels() {}

    /** Packs {@code src[off + p*kStride + j*jStride]} for {@code p < kc, j < width}. */
    static void pack(float[] src, int off, int kStride, int jStride, int kc, int width, float[] dst, int nr) {
        for (int j0 = 0, q = 0; j0 < width; j0 += nr, q += kc * nr) {
            int w = Math.min(nr, width - j0);
            if (jStride == 1) {
                // rows of the micro-panel are contiguous in the source
                for (int p = 0; p < kc; p++) System.arraycopy(src, off + p * kStride + j0, dst, q + p * nr, w);
            } else if (kStride == 1) {
                // a transposed operand (a linear weight, a row-major A): read along its contiguous rows
                for (int jj = 0; jj < w; jj++) {
                    int s = off + (j0 + jj) * jStride, d = q + jj;
                    for (int p = 0; p < kc; p++) dst[d + p * nr] = src[s + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = off + p * kStride + j0 * jStride, d = q + p * nr;
                    for (int jj = 0; jj < w; jj++) dst[d + jj] = src[s + jj * jStride];
                }
            }
            if (w < nr) padColumns(dst, q, kc, nr, w);
        }
    }

    /** Zeroes columns [w, nr) of the micro-panel at {@code q}. */
    static void padColumns(float[] dst, int q, int kc, int nr, int w) {
        for (int p = 0; p < kc; p++) Arrays.fill(dst, q + p * nr + w, q + (p + 1) * nr, 0f);
    }

    /** Length of a packed block of {@code width} columns: whole micro-panels. */
    static int size(int kc, int width, int nr) {
        return kc * ((width + nr - 1) / nr * nr);
    }
}
