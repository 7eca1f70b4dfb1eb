package dev.onnxport.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Implicit im2col: {@link Im2col#gatherPanel} equals blocks of the materialized column matrix, and a GEMM whose B
 * comes from it through {@link Sgemm.Packer} equals the GEMM over the materialized matrix and a naive convolution.
 */
class Im2colPanelTest {

    @ParameterizedTest(name = "c={0} {1}x{2} k={3} stride={4} pad={5} dil={6} cout={7}")
    @CsvSource({
        "1,1,1,1,1,0,1,1",
        "3,7,5,3,1,1,1,2",
        "5,17,19,3,2,1,1,7",
        "2,9,33,5,1,2,2,3",
        "64,23,24,3,1,1,1,65",      // K = 576: three K blocks of 256 and a tail; 552 columns: two N blocks
        "3,40,41,7,2,3,1,5",
        "300,5,4,1,1,0,1,3",        // 1x1 taps, K = 300
        "20,30,30,3,1,1,1,70",      // 900 columns, 70 rows: vector register tiles with edges in both directions
        "9,12,12,3,1,2,2,9",        // dilation with padding wider than the kernel reach
    })
    void panelsMatchTheColumnMatrix(int c, int h, int w, int k, int stride, int pad, int dil, int cout) {
        Random rnd = new Random(c * 131L + h * 7 + w);
        long[] in = {h, w}, ks = {k, k}, st = {stride, stride}, pd = {pad, pad}, dl = {dil, dil};
        long[] out = {Im2col.outSize(h, k, stride, pad, dil), Im2col.outSize(w, k, stride, pad, dil)};
        int taps = k * k, cols = (int) (out[0] * out[1]), plane = h * w, base = 5, kg = c * taps;
        int[] map = Im2col.map(in, ks, st, pd, dl, out);
        float[] x = new float[base + c * plane + 3];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2 - 1;
        float[] col = new float[kg * cols];
        Im2col.gather(x, base, plane, c, map, taps, cols, col);

        // every block, including ragged edges, equals the column matrix in the packed layout, for micro-panels
        // narrower than the block (the vector kernel), as wide as it (the plain-Java kernel), or wider (padding)
        for (int nr : new int[] {8, 32, 29, 64}) {
            int kcMax = Math.min(kg, 37), ncMax = Math.min(cols, 29);
            float[] dst = new float[kcMax * ((ncMax + nr - 1) / nr * nr)];
            for (int kb = 0; kb < kg; kb += kcMax) {
                for (int jb = 0; jb < cols; jb += ncMax) {
                    int kc = Math.min(kcMax, kg - kb), nc = Math.min(ncMax, cols - jb);
                    java.util.Arrays.fill(dst, Float.NaN);
                    Im2col.gatherPanel(x, base, plane, map, taps, cols, kb, kc, jb, nc, dst, nr);
                    int width = (nc + nr - 1) / nr * nr;
                    for (int p = 0; p < kc; p++) {
                        for (int j = 0; j < width; j++) {
                            float want = j < nc ? col[(kb + p) * cols + jb + j] : 0f;
                            assertEquals(want, dst[(j / nr) * kc * nr + p * nr + j % nr], "nr " + nr + " row " + (kb + p) + " col " + (jb + j));
                        }
                    }
                }
            }
        }

        // with either kernel, the implicit GEMM equals the explicit one and a naive convolution
        float[] wt = new float[cout * kg];
        for (int i = 0; i < wt.length; i++) wt[i] = rnd.nextFloat() * 2 - 1;
        for (GemmKernel kernel : SgemmTest.kernels()) {
            float[] implicit = new float[cout * cols], explicit = new float[cout * cols];
            Sgemm.gemm(kernel, cout, cols, kg, wt, 0, kg, 1,
                    (kb, kc, jb, nc, dst, nr) -> Im2col.gatherPanel(x, base, plane, map, taps, cols, kb, kc, jb, nc, dst, nr),
                    implicit, 0, cols, false);
            Sgemm.gemm(kernel, cout, cols, kg, wt, 0, kg, 1, col, 0, cols, 1, explicit, 0, cols, false);
            check(kernel, c, h, w, k, stride, pad, dil, cout, x, base, plane, taps, kg, cols, out, wt, implicit, explicit);
        }
    }

    private static void check(GemmKernel kernel, int c, int h, int w, int k, int stride, int pad, int dil, int cout, float[] x,
                              int base, int plane, int taps, int kg, int cols, long[] out, float[] wt,
                              float[] implicit, float[] explicit) {
        String name = kernel.getClass().getSimpleName();
        for (int o = 0; o < cout; o++) {
            for (int oy = 0; oy < out[0]; oy++) {
                for (int ox = 0; ox < out[1]; ox++) {
                    double s = 0, mag = 0;
                    for (int ci = 0; ci < c; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int y = oy * stride - pad + ky * dil, xx = ox * stride - pad + kx * dil;
                                if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
                                double t = (double) wt[o * kg + ci * taps + ky * k + kx] * x[base + ci * plane + y * w + xx];
                                s += t;
                                mag += Math.abs(t);
                            }
                        }
                    }
                    int q = o * cols + oy * (int) out[1] + ox;
                    assertTrue(Math.abs(implicit[q] - s) <= 1e-6 * mag + 1e-6, name + " implicit out " + q + ": " + implicit[q] + " vs " + s);
                    assertTrue(Math.abs(explicit[q] - s) <= 1e-6 * mag + 1e-6, name + " explicit out " + q + ": " + explicit[q] + " vs " + s);
                }
            }
        }
    }
}
