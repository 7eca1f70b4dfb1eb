package dev.onnxport.ops.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Convolutions and matrix products through the registry against naive loops, on odd sizes and strided views. */
class ConvLinalgNaiveTest {
    private final Random rnd = new Random(42);

    @ParameterizedTest(name = "n={0} cin={1} cout={2} {3}x{4} k={5}x{6} s={7} p={8} d={9} g={10} {11}")
    @CsvSource({
        "1,1,1,1,1,1,1,1,0,1,1,float32",
        "2,3,5,17,13,3,3,1,1,1,1,float32",
        "2,4,6,15,16,3,2,2,1,2,2,float32",
        "1,6,6,9,11,3,3,1,1,1,6,float32",     // depthwise
        "3,8,5,7,9,1,1,1,0,1,1,float32",      // 1x1 stride 1: no im2col
        "1,3,4,10,8,5,3,3,2,1,1,float32",
        "2,4,6,15,16,3,2,2,1,2,2,float64",
    })
    void conv2dMatchesNaive(int n, int cin, int cout, int h, int w, int kh, int kw, int s, int p, int d, int g, String dt) {
        DType dtype = DType.fromTorchName(dt);
        Tensor x = random(dtype, n, cin, h, w), wt = random(dtype, cout, cin / g, kh, kw), b = random(dtype, cout);
        Tensor got = AtenOps.registry().get("aten::conv2d").call1(x, wt, b, new long[] {s, s}, new long[] {p, p},
                new long[] {d, d}, (long) g);
        int oh = (h + 2 * p - d * (kh - 1) - 1) / s + 1, ow = (w + 2 * p - d * (kw - 1) - 1) / s + 1;
        double[] xv = x.toDoubleArray(), wv = wt.toDoubleArray(), bv = b.toDoubleArray();
        double[] want = new double[n * cout * oh * ow];
        int cg = cin / g, coutg = cout / g;
        for (int bi = 0; bi < n; bi++) for (int co = 0; co < cout; co++) for (int y = 0; y < oh; y++) for (int z = 0; z < ow; z++) {
            double acc = bv[co];
            int grp = co / coutg;
            for (int ci = 0; ci < cg; ci++) for (int i = 0; i < kh; i++) for (int j = 0; j < kw; j++) {
                int yy = y * s - p + i * d, zz = z * s - p + j * d;
                if (yy < 0 || yy >= h || zz < 0 || zz >= w) continue;
                acc += xv[((bi * cin + grp * cg + ci) * h + yy) * w + zz] * wv[((co * cg + ci) * kh + i) * kw + j];
            }
            want[((bi * cout + co) * oh + y) * ow + z] = acc;
        }
        assertArrayEquals(new long[] {n, cout, oh, ow}, got.shape());
        assertClose(want, got.toDoubleArray());
    }

    @ParameterizedTest(name = "cin={0} cout={1} len={2} k={3} s={4} p={5} op={6} d={7} g={8}")
    @CsvSource({
        "3,4,7,3,2,1,1,1,1",
        "4,6,9,4,3,2,0,2,2",
        "2,2,5,1,1,0,0,1,1",
    })
    void convTranspose2dMatchesNaive(int cin, int cout, int len, int k, int s, int p, int op, int d, int g) {
        Tensor x = random(DType.FLOAT32, 2, cin, len, len + 1), wt = random(DType.FLOAT32, cin, cout / g, k, k);
        Tensor got = AtenOps.registry().get("aten::conv_transpose2d.input").call1(x, wt, null, new long[] {s, s},
                new long[] {p, p}, new long[] {op, op}, (long) g, new long[] {d, d});
        int h = len, w = len + 1;
        int oh = (h - 1) * s - 2 * p + d * (k - 1) + op + 1, ow = (w - 1) * s - 2 * p + d * (k - 1) + op + 1;
        double[] xv = x.toDoubleArray(), wv = wt.toDoubleArray(), want = new double[2 * cout * oh * ow];
        int cing = cin / g, coutg = cout / g;
        // definition: every input pixel scatters its kernel-weighted copy into the output
        for (int b = 0; b < 2; b++) for (int ci = 0; ci < cin; ci++) for (int y = 0; y < h; y++) for (int z = 0; z < w; z++) {
            int grp = ci / cing;
            for (int c = 0; c < coutg; c++) for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) {
                int yy = y * s - p + i * d, zz = z * s - p + j * d;
                if (yy < 0 || yy >= oh || zz < 0 || zz >= ow) continue;
                want[((b * cout + grp * coutg + c) * oh + yy) * ow + zz] +=
                        xv[((b * cin + ci) * h + y) * w + z] * wv[((ci * coutg + c) * k + i) * k + j];
            }
        }
        assertArrayEquals(new long[] {2, cout, oh, ow}, got.shape());
        assertClose(want, got.toDoubleArray());
    }

    @Test
    void matmulOnTransposedAndStridedViews() {
        int m = 130, k = 257, n = 71;
        Tensor base = random(DType.FLOAT32, k, 2 * m);         // A^T stored with a column gap: a strided, transposed view
        Tensor a = base.asStrided(new long[] {m, k}, new long[] {2, 2L * m}, 1);
        Tensor b = random(DType.FLOAT32, n, k);
        Tensor bt = b.asStrided(new long[] {k, n}, new long[] {1, k}, 0);
        Tensor got = AtenOps.registry().get("aten::matmul").call1(a, bt);
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) s += a.getDouble(i, p) * bt.getDouble(p, j);
            want[i * n + j] = s;
        }
        assertClose(want, got.toDoubleArray());
    }

    @Test
    void einsumGeneralTwoOperandEquation() {
        // batch b, kept i (a only), kept l (b only), contracted j, summed-away k (a only)
        Tensor x = random(DType.FLOAT32, 2, 3, 4, 5), y = random(DType.FLOAT32, 4, 2, 6);
        Tensor got = AtenOps.registry().get("aten::einsum").call1("bijk,jbl->lbi", new Tensor[] {x, y});
        double[] want = new double[6 * 2 * 3];
        for (int l = 0; l < 6; l++) for (int b = 0; b < 2; b++) for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) for (int kk = 0; kk < 5; kk++) s += x.getDouble(b, i, j, kk) * y.getDouble(j, b, l);
            want[(l * 2 + b) * 3 + i] = s;
        }
        assertArrayEquals(new long[] {6, 2, 3}, got.shape());
        assertClose(want, got.toDoubleArray());
    }

    private Tensor random(DType dt, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextDouble() * 2 - 1;
        return Tensor.of(v, shape).to(dt);
    }

    private static void assertClose(double[] want, double[] got) {
        assertArrayEquals(new long[] {want.length}, new long[] {got.length}, "element count");
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-4 * Math.abs(want[i]) + 1e-4, "element " + i + ": " + got[i] + " vs " + want[i]);
        }
    }
}
