package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/** Aten ops: mv, linalg_cross, tensordot, cdist (made of other ops), and the determinant (LU with partial pivoting). */
final class LinalgComposites {
    private LinalgComposites() {}

    static void register(OpRegistry r) {
        composite(r, "aten::mv(Tensor self, Tensor vec) -> Tensor", a -> {
            if (a.tensor(0).dim() != 2 || a.tensor(1).dim() != 1) {
                throw new IllegalArgumentException("aten::mv: expects a 2-D matrix and a 1-D vector, got " + a.tensor(0).dim()
                        + "-D and " + a.tensor(1).dim() + "-D");
            }
            return call("aten::matmul", a.tensor(0), a.tensor(1));
        });
        composite(r, "aten::linalg_cross(Tensor self, Tensor other, *, int dim=-1) -> Tensor", a -> {
            long[] shape = ElementwiseKernels.broadcastShape("aten::linalg_cross", a.tensor(0), a.tensor(1));
            Tensor x = call("aten::expand", a.tensor(0), shape), y = call("aten::expand", a.tensor(1), shape);
            long d = Shapes.normDim(a.integer(2), shape.length);
            if (shape[(int) d] != 3) throw new IllegalArgumentException("aten::linalg_cross: dimension " + d + " must have size 3");
            Tensor[] c = new Tensor[3];
            for (int i = 0; i < 3; i++) {
                int j = (i + 1) % 3, k = (i + 2) % 3;
                c[i] = call("aten::sub.Tensor", call("aten::mul.Tensor", part(x, d, j), part(y, d, k)),
                        call("aten::mul.Tensor", part(x, d, k), part(y, d, j)));
            }
            return call("aten::cat", c, d);
        });
        composite(r, "aten::tensordot(Tensor self, Tensor other, int[] dims_self, int[] dims_other) -> Tensor",
                a -> tensordot(a.tensor(0), a.tensor(1), a.ints(2), a.ints(3)));
        composite(r, "aten::cdist(Tensor x1, Tensor x2, float p=2., int? compute_mode=None) -> Tensor", a -> {
            Tensor d = call("aten::sub.Tensor", call("aten::unsqueeze", a.tensor(0), -2L), call("aten::unsqueeze", a.tensor(1), -3L));
            return ReductionNorms.vectorNorm(d, a.real(2), new long[] {-1}, false);
        });
        r.register("aten::linalg_det(Tensor A) -> Tensor", Kernel.single(a -> det(a.tensor(0), false)),
                ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype(), detShape(a.tensor(0)))));
        r.register("aten::logdet(Tensor self) -> Tensor", Kernel.single(a -> det(a.tensor(0), true)),
                ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype(), detShape(a.tensor(0)))));
    }

    private static Tensor part(Tensor x, long d, int i) { return call("aten::narrow", x, d, (long) i, 1L); }

    static Tensor tensordot(Tensor a, Tensor b, long[] da, long[] db) {
        if (da.length != db.length) throw new IllegalArgumentException("aten::tensordot: both dimension lists should have same length");
        int ra = a.dim(), rb = b.dim();
        boolean[] ca = new boolean[ra], cb = new boolean[rb];
        long k = 1;
        for (int i = 0; i < da.length; i++) {
            int x = Shapes.normDim(da[i], ra), y = Shapes.normDim(db[i], rb);
            ca[x] = true;
            cb[y] = true;
            da[i] = x;
            db[i] = y;
            k *= a.size(x);
        }
        long[] pa = new long[ra], pb = new long[rb];
        long[] outShape = new long[ra + rb - 2 * da.length];
        int n = 0, o = 0;
        long m = 1, nn = 1;
        for (int i = 0; i < ra; i++) if (!ca[i]) { pa[n++] = i; outShape[o++] = a.size(i); m *= a.size(i); }
        for (long x : da) pa[n++] = x;
        n = 0;
        for (long y : db) pb[n++] = y;
        for (int i = 0; i < rb; i++) if (!cb[i]) { pb[n++] = i; outShape[o++] = b.size(i); nn *= b.size(i); }
        Tensor am = call("aten::reshape", call("aten::permute", a, pa), new long[] {m, k});
        Tensor bm = call("aten::reshape", call("aten::permute", b, pb), new long[] {k, nn});
        return call("aten::reshape", call("aten::mm", am, bm), outShape);
    }

    private static long[] detShape(Tensor x) {
        int r = x.dim();
        if (r < 2 || x.size(r - 1) != x.size(r - 2)) {
            throw new IllegalArgumentException("linalg.det: A must be batches of square matrices, but they are "
                    + Arrays.toString(x.shape()));
        }
        return Arrays.copyOf(x.shape(), r - 2);
    }

    /** The determinant of each matrix (or its log: NaN for a negative determinant, -inf for zero), in float64. */
    private static Tensor det(Tensor x, boolean log) {
        long[] out = detShape(x);
        int n = (int) x.size(x.dim() - 1);
        double[] v = x.toDoubleArray();
        int count = v.length / Math.max(1, n * n);
        double[] res = new double[count];
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(v, b * n * n, (b + 1) * n * n);
            double det = 1;
            for (int c = 0; c < n; c++) {
                int piv = c;
                for (int i = c + 1; i < n; i++) if (Math.abs(m[i * n + c]) > Math.abs(m[piv * n + c])) piv = i;
                if (m[piv * n + c] == 0) { det = 0; break; }
                if (piv != c) {
                    for (int j = 0; j < n; j++) { double t = m[c * n + j]; m[c * n + j] = m[piv * n + j]; m[piv * n + j] = t; }
                    det = -det;
                }
                det *= m[c * n + c];
                for (int i = c + 1; i < n; i++) {
                    double f = m[i * n + c] / m[c * n + c];
                    for (int j = c; j < n; j++) m[i * n + j] -= f * m[c * n + j];
                }
            }
            res[b] = log ? (det < 0 ? Double.NaN : Math.log(det)) : det;
        }
        return Tensor.of(res, out).copy(x.dtype());
    }
}
