package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.calls;
import static dev.onnxport.ops.aten.AtenOps.composite;
import static dev.onnxport.ops.aten.AtenOps.compositeN;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;

/**
 * Aten ops: reductions made of other reductions (std_mean, var_mean, var with a correction, aminmax, the vector,
 * matrix and Frobenius norms, argsort). Each is its own shape rule ({@link AtenOps#composite}).
 */
final class ReductionNorms {
    private ReductionNorms() {}

    static void register(OpRegistry r) {
        compositeN(r, "aten::std_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)",
                a -> new Tensor[] {call("aten::std.dim", a.tensor(0), a.raw(1), a.bool(2), a.bool(3)),
                        call("aten::mean.dim", a.tensor(0), a.raw(1), a.bool(3))});
        compositeN(r, "aten::var_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)",
                a -> new Tensor[] {call("aten::var.dim", a.tensor(0), a.raw(1), a.bool(2), a.bool(3)),
                        call("aten::mean.dim", a.tensor(0), a.raw(1), a.bool(3))});
        composite(r, "aten::var.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> Tensor", a -> {
            long c = a.isNone(2) ? 1 : a.integer(2);
            if (c != 0 && c != 1) {
                throw new IllegalArgumentException("aten::var: correction " + c + " is not supported; use 0 or 1");
            }
            return call("aten::var.dim", a.tensor(0), a.raw(1), c == 1, a.bool(3));
        });
        compositeN(r, "aten::aminmax(Tensor self, *, int? dim=None, bool keepdim=False) -> (Tensor min, Tensor max)", a -> {
            Tensor x = a.tensor(0);
            long[] dims = a.isNone(1) ? new long[0] : new long[] {a.integer(1)};
            if (a.isNone(1)) x = call("aten::reshape", x, new long[] {-1});
            if (a.isNone(1)) dims = new long[] {0};
            return new Tensor[] {call("aten::amin", x, dims, a.bool(2)), call("aten::amax", x, dims, a.bool(2))};
        });
        composite(r, "aten::linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, "
                + "ScalarType? dtype=None) -> Tensor", a -> vectorNorm(a.tensor(0), a.real(1), a.isNone(2) ? null : a.ints(2), a.bool(3)));
        composite(r, "aten::frobenius_norm.dim(Tensor self, int[1] dim, bool keepdim=False) -> Tensor",
                a -> vectorNorm(a.tensor(0), 2, a.ints(1), a.bool(2)));
        composite(r, "aten::linalg_norm(Tensor self, Scalar? ord=None, int[1]? dim=None, bool keepdim=False, *, "
                + "ScalarType? dtype=None) -> Tensor", a -> {
            long[] dims = a.isNone(2) ? null : a.ints(2);
            if (dims != null && dims.length == 2) {
                if (!a.isNone(1)) throw new IllegalArgumentException("aten::linalg_norm: matrix norms other than 'fro' are not supported");
                return vectorNorm(a.tensor(0), 2, dims, a.bool(3));
            }
            return vectorNorm(a.tensor(0), a.isNone(1) ? 2 : a.real(1), dims, a.bool(3));
        });
        composite(r, "aten::linalg_matrix_norm.str_ord(Tensor self, str ord=\"fro\", int[] dim=[-2, -1], bool keepdim=False, *, "
                + "ScalarType? dtype=None) -> Tensor", a -> {
            if (!a.string(1).equals("fro")) {
                throw new IllegalArgumentException("aten::linalg_matrix_norm: ord '" + a.string(1) + "' is not supported; use 'fro'");
            }
            return vectorNorm(a.tensor(0), 2, a.ints(2), a.bool(3));
        });
        composite(r, "aten::argsort(Tensor self, int dim=-1, bool descending=False) -> Tensor",
                a -> calls("aten::sort", a.tensor(0), a.integer(1), a.bool(2))[1]);
    }

    /** The p-norm over {@code dims} (all when null): max/min of |x| for ±inf, the count of non-zeros for 0. */
    static Tensor vectorNorm(Tensor x, double p, long[] dims, boolean keepdim) {
        if (dims == null || dims.length == 0) {
            if (keepdim) {
                dims = new long[x.dim()];
                for (int k = 0; k < dims.length; k++) dims[k] = k;
            } else {
                x = call("aten::reshape", x, new long[] {-1});
                dims = new long[] {0};
            }
        }
        Tensor ax = call("aten::abs", x);
        if (p == Double.POSITIVE_INFINITY) return call("aten::amax", ax, dims, keepdim);
        if (p == Double.NEGATIVE_INFINITY) return call("aten::amin", ax, dims, keepdim);
        if (p == 0) return call("aten::sum.dim_IntList", call("aten::to.dtype", call("aten::ne.Scalar", x, 0L), x.dtype()), dims, keepdim);
        if (p == 1) return call("aten::sum.dim_IntList", ax, dims, keepdim);
        if (p == 2) return call("aten::sqrt", call("aten::sum.dim_IntList", call("aten::mul.Tensor", x, x), dims, keepdim));
        Tensor s = call("aten::sum.dim_IntList", call("aten::pow.Tensor_Scalar", ax, p), dims, keepdim);
        return call("aten::pow.Tensor_Scalar", s, 1 / p);
    }
}
