package dev.onnxport.ops.aten;

import dev.onnxport.kernels.Sgemm;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.Arrays;

/** Aten ops: matrix products: matmul, mm, bmm, addmm, baddbmm, linear, dot, outer, einsum. */
final class LinalgOps {
    private LinalgOps() {}

    public static void register(OpRegistry r) {
        r.register("aten::matmul(Tensor self, Tensor other) -> Tensor",
                Kernel.single(a -> matmul("aten::matmul", a.tensor(0), a.tensor(1))),
                ShapeRule.single(a -> meta(a.tensor(0), matmulShape("aten::matmul", a.tensor(0), a.tensor(1)))));
        r.register("aten::mm(Tensor self, Tensor mat2) -> Tensor",
                Kernel.single(a -> mm(a.tensor(0), a.tensor(1))),
                ShapeRule.single(a -> meta(a.tensor(0), mmShape("aten::mm", a.tensor(0), a.tensor(1)))));
        r.register("aten::bmm(Tensor self, Tensor mat2) -> Tensor",
                Kernel.single(a -> bmm("aten::bmm", a.tensor(0), a.tensor(1))),
                ShapeRule.single(a -> meta(a.tensor(0), bmmShape("aten::bmm", a.tensor(0), a.tensor(1)))));
        r.register("aten::addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor",
                Kernel.single(a -> addProduct("aten::addmm", a, mm(a.tensor(1), a.tensor(2)))),
                ShapeRule.single(a -> addProductMeta("aten::addmm", a, mmShape("aten::addmm", a.tensor(1), a.tensor(2)))));
        r.register("aten::baddbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor",
                Kernel.single(a -> addProduct("aten::baddbmm", a, bmm("aten::baddbmm", a.tensor(1), a.tensor(2)))),
                ShapeRule.single(a -> addProductMeta("aten::baddbmm", a, bmmShape("aten::baddbmm", a.tensor(1), a.tensor(2)))));
        r.register("aten::linear(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor",
                Kernel.single(a -> linear(a.tensor(0), a.tensor(1), a.tensor(2))),
                ShapeRule.single(a -> meta(a.tensor(0), linearShape(a.tensor(0), a.tensor(1), a.tensor(2)))));
        r.register("aten::outer(Tensor self, Tensor vec2) -> Tensor",
                Kernel.single(a -> outer(a.tensor(0), a.tensor(1))),
                ShapeRule.single(a -> Tensor.meta(TypePromotion.resultType(a.tensor(0), a.tensor(1)),
                        outerShape(a.tensor(0), a.tensor(1)))));
        r.register("aten::dot(Tensor self, Tensor tensor) -> Tensor",
                Kernel.single(a -> dot(a.tensor(0), a.tensor(1))),
                ShapeRule.single(a -> { dotCheck(a.tensor(0), a.tensor(1)); return Tensor.meta(a.tensor(0).dtype()); }));
        r.register("aten::einsum(str equation, Tensor[] tensors, *, int[]? path=None) -> Tensor",
                Kernel.single(a -> LinalgEinsum.einsum(a.string(0), a.tensors(1))),
                ShapeRule.single(a -> LinalgEinsum.infer(a.string(0), a.tensors(1))));
    }

    private static Tensor meta(Tensor like, long[] shape) { return Tensor.meta(like.dtype(), shape); }

    // ---- shapes -----------------------------------------------------------------------------

    static long[] matmulShape(String op, Tensor a, Tensor b) {
        sameDtype(op, a, b);
        long[] as = a.shape(), bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw new IllegalArgumentException(op + ": both arguments need at least 1 dimension, got "
                    + Arrays.toString(as) + " and " + Arrays.toString(bs));
        }
        long k1 = as[as.length - 1], k2 = bs.length == 1 ? bs[0] : bs[bs.length - 2];
        if (k1 != k2) throw cannotMultiply(op, as, bs);
        if (as.length == 1 && bs.length == 1) return new long[0];
        long[] batchA = as.length > 2 ? Arrays.copyOf(as, as.length - 2) : new long[0];
        long[] batchB = bs.length > 2 ? Arrays.copyOf(bs, bs.length - 2) : new long[0];
        long[] batch = Shapes.broadcast(batchA, batchB);
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        int n = batch.length;
        if (as.length > 1) out[n++] = as[as.length - 2];
        if (bs.length > 1) out[n++] = bs[bs.length - 1];
        return Arrays.copyOf(out, n);
    }

    static long[] mmShape(String op, Tensor a, Tensor b) {
        sameDtype(op, a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected 2-D matrices, got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        if (a.size(1) != b.size(0)) throw cannotMultiply(op, a.shape(), b.shape());
        return new long[] {a.size(0), b.size(1)};
    }

    static long[] bmmShape(String op, Tensor a, Tensor b) {
        sameDtype(op, a, b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected 3-D batches of matrices, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException(op + ": batch sizes differ: " + a.size(0) + " and " + b.size(0));
        }
        if (a.size(2) != b.size(1)) throw cannotMultiply(op, a.shape(), b.shape());
        return new long[] {a.size(0), a.size(1), b.size(2)};
    }

    static long[] linearShape(Tensor x, Tensor w, Tensor bias) {
        if (w.dim() != 2) {
            throw new IllegalArgumentException("aten::linear: weight must be 2-D [out_features, in_features], got "
                    + Arrays.toString(w.shape()));
        }
        sameDtype("aten::linear", x, w);
        if (x.dim() == 0 || x.size(-1) != w.size(1)) throw cannotMultiply("aten::linear", x.shape(), w.shape());
        long[] out = x.shape();
        out[out.length - 1] = w.size(0);
        if (bias != null) {
            sameDtype("aten::linear", x, bias);
            Shapes.broadcast(bias.shape(), out);
        }
        return out;
    }

    static long[] outerShape(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("aten::outer: expected two 1-D vectors, got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        return new long[] {a.size(0), b.size(0)};
    }

    static void dotCheck(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("aten::dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        sameDtype("aten::dot", a, b);
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("aten::dot: inconsistent tensor size, expected self of size " + a.size(0)
                    + " and tensor of size " + b.size(0) + " to have the same number of elements");
        }
    }

    private static void sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both arguments to have the same dtype, got "
                    + a.dtype().torchName() + " and " + b.dtype().torchName());
        }
    }

    private static IllegalArgumentException cannotMultiply(String op, long[] a, long[] b) {
        return new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                + " cannot be multiplied");
    }

    // ---- kernels ----------------------------------------------------------------------------

    static Tensor matmul(String op, Tensor a, Tensor b) {
        long[] outShape = matmulShape(op, a, b);
        if (a.dim() == 1 && b.dim() == 1) return dot(a, b);
        // a vector operand becomes a 1-row (or 1-column) matrix, dropped again by the final shape
        Tensor a2 = a.dim() == 1 ? a.asStrided(new long[] {1, a.size(0)}, new long[] {0, a.stride(0)}, a.offset()) : a;
        Tensor b2 = b.dim() == 1 ? b.asStrided(new long[] {b.size(0), 1}, new long[] {b.stride(0), 0}, b.offset()) : b;
        long m = a2.size(-2), k = a2.size(-1), n = b2.size(-1);
        Tensor prod;
        if (b2.dim() == 2 && a2.dim() > 2 && k > 0) {
            // [batch..., m, k] @ [k, n]: one product with batch*m rows
            prod = LinalgProduct.bmm(op, Tensor.wrap(a2.contiguous().storage(), a2.numel() / k, k), b2);
        } else {
            long[] batch = Shapes.broadcast(Arrays.copyOf(a2.shape(), a2.dim() - 2), Arrays.copyOf(b2.shape(), b2.dim() - 2));
            prod = LinalgProduct.bmm(op, Shapes.broadcastTo(a2, concat(batch, m, k)), Shapes.broadcastTo(b2, concat(batch, k, n)));
        }
        return Tensor.wrap(prod.storage(), outShape);
    }

    private static long[] concat(long[] batch, long r, long c) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    static Tensor mm(Tensor a, Tensor b) {
        mmShape("aten::mm", a, b);
        return LinalgProduct.bmm("aten::mm", a, b);
    }

    static Tensor bmm(String op, Tensor a, Tensor b) {
        bmmShape(op, a, b);
        return LinalgProduct.bmm(op, a, b);
    }

    /** beta * self + alpha * product, self broadcast to the product's shape; beta = 0 ignores self (even NaN). */
    private static Tensor addProduct(String op, Args args, Tensor prod) {
        Tensor self = args.tensor(0);
        addProductMeta(op, args, prod.shape());
        Tensor s = Shapes.broadcastTo(self, prod.shape());
        Object beta = args.scalar(3), alpha = args.scalar(4);
        DType dt = prod.dtype();
        Tensor out = Tensor.zeros(dt, prod.shape());
        int n = Math.toIntExact(prod.numel());
        if (dt.isFloatingPoint()) {
            double be = ((Number) toNumber(beta)).doubleValue(), al = ((Number) toNumber(alpha)).doubleValue();
            double[] p = prod.toDoubleArray(), sv = be == 0 ? null : s.toDoubleArray();
            for (int i = 0; i < n; i++) out.storage().setDouble(i, (sv == null ? 0 : be * sv[i]) + al * p[i]);
        } else {
            long be = ((Number) toNumber(beta)).longValue(), al = ((Number) toNumber(alpha)).longValue();
            long[] p = prod.toLongArray(), sv = be == 0 ? null : s.toLongArray();
            for (int i = 0; i < n; i++) out.storage().setLong(i, (sv == null ? 0 : be * sv[i]) + al * p[i]);
        }
        return out;
    }

    private static Object toNumber(Object scalar) {
        return scalar instanceof Boolean b ? (b ? 1L : 0L) : scalar;
    }

    private static Tensor addProductMeta(String op, Args args, long[] prodShape) {
        Tensor self = args.tensor(0);
        sameDtype(op, self, args.tensor(1));
        try {
            Shapes.broadcastTo(self.toMeta(), prodShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": self of shape " + Arrays.toString(self.shape())
                    + " cannot be broadcast to the product's shape " + Arrays.toString(prodShape), e);
        }
        return Tensor.meta(self.dtype(), prodShape);
    }

    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        long[] outShape = linearShape(x, w, bias);
        int in = Math.toIntExact(w.size(1)), outF = Math.toIntExact(w.size(0));
        int rows = Math.toIntExact(x.numel() / Math.max(in, 1));
        if (in == 0) rows = Math.toIntExact(Shapes.numel(outShape) / Math.max(outF, 1));
        Tensor x2 = Tensor.wrap(x.contiguous().storage(), rows, in);
        Tensor wt = w.asStrided(new long[] {in, outF}, new long[] {w.stride(1), w.stride(0)}, w.offset());
        if (x.dtype() != DType.FLOAT32) {
            Tensor prod = LinalgProduct.bmm("aten::linear", x2, wt);
            if (bias == null) return Tensor.wrap(prod.storage(), outShape);
            Tensor full = Tensor.wrap(prod.storage(), outShape);
            return addBias(full, bias);
        }
        // float32: start from the bias rows and accumulate the product into them
        Tensor out = Tensor.zeros(DType.FLOAT32, outShape);
        float[] z = LinalgProduct.array(out);
        if (bias != null && bias.dim() == 1 && bias.size(0) == outF) {
            float[] bv = bias.floats();
            for (int r = 0; r < rows; r++) System.arraycopy(bv, 0, z, r * outF, outF);
        } else if (bias != null) {
            float[] bv = Shapes.broadcastTo(bias, outShape).floats();
            System.arraycopy(bv, 0, z, 0, z.length);
        }
        Tensor xs = LinalgProduct.heapF32(x2), ws = LinalgProduct.heapF32(wt);
        Sgemm.gemm(rows, outF, in, LinalgProduct.array(xs), Math.toIntExact(xs.offset()), in, 1,
                LinalgProduct.array(ws), Math.toIntExact(ws.offset()), Math.toIntExact(ws.stride(0)), Math.toIntExact(ws.stride(1)),
                z, 0, outF, bias != null);
        return out;
    }

    private static Tensor addBias(Tensor full, Tensor bias) {
        Tensor b = Shapes.broadcastTo(bias, full.shape());
        Tensor out = Tensor.zeros(full.dtype(), full.shape());
        int n = Math.toIntExact(full.numel());
        if (full.dtype().isFloatingPoint()) {
            double[] p = full.toDoubleArray(), q = b.toDoubleArray();
            for (int i = 0; i < n; i++) out.storage().setDouble(i, p[i] + q[i]);
        } else {
            long[] p = full.toLongArray(), q = b.toLongArray();
            for (int i = 0; i < n; i++) out.storage().setLong(i, p[i] + q[i]);
        }
        return out;
    }

    static Tensor outer(Tensor a, Tensor b) {
        long[] shape = outerShape(a, b);
        DType dt = TypePromotion.resultType(a, b);
        Tensor out = Tensor.zeros(dt, shape);
        int m = (int) shape[0], n = (int) shape[1];
        if (dt.isFloatingPoint()) {
            double[] x = a.toDoubleArray(), y = b.toDoubleArray();
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out.storage().setDouble((long) i * n + j, x[i] * y[j]);
        } else {
            long[] x = a.toLongArray(), y = b.toLongArray();
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out.storage().setLong((long) i * n + j, x[i] * y[j]);
        }
        return out;
    }

    static Tensor dot(Tensor a, Tensor b) {
        dotCheck(a, b);
        if (a.dtype().isFloatingPoint()) {
            double[] x = a.toDoubleArray(), y = b.toDoubleArray();
            double s = 0;
            for (int i = 0; i < x.length; i++) s += x[i] * y[i];
            return Tensor.scalar(s, a.dtype());
        }
        long[] x = a.toLongArray(), y = b.toLongArray();
        long s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        Tensor out = Tensor.zeros(a.dtype());
        out.storage().setLong(0, s);
        return out;
    }
}
