package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;
import static dev.onnxport.ops.aten.AtenOps.compositeN;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;

/**
 * Aten ops: the internal forms of layers that traced code meets (native_layer_norm, _weight_norm, _log_softmax) and
 * the dropouts in eval mode (native_dropout, alpha_dropout, feature_dropout), made of other ops.
 */
final class NnComposites {
    private NnComposites() {}

    static void register(OpRegistry r) {
        compositeN(r, "aten::native_layer_norm(Tensor input, SymInt[] normalized_shape, Tensor? weight, Tensor? bias, float eps) "
                + "-> (Tensor, Tensor, Tensor)", a -> {
            Tensor x = a.tensor(0);
            int n = a.ints(1).length;
            long[] dims = new long[n];
            for (int k = 0; k < n; k++) dims[k] = x.dim() - n + k;
            Tensor mean = call("aten::mean.dim", x, dims, true);
            Tensor var = call("aten::var.dim", x, dims, false, true);
            Tensor rstd = call("aten::rsqrt", call("aten::add.Scalar", var, a.real(4)));
            Tensor out = call("aten::layer_norm", x, a.ints(1), a.raw(2), a.raw(3), a.real(4));
            return new Tensor[] {out, mean, rstd};
        });
        composite(r, "aten::_weight_norm(Tensor v, Tensor g, int dim=0) -> Tensor", a -> {
            Tensor v = a.tensor(0);
            long dim = a.integer(2);
            Tensor norm;
            if (dim == -1) {
                norm = ReductionNorms.vectorNorm(v, 2, null, false);
            } else {
                int d = Shapes.normDim(dim, v.dim());
                long[] others = new long[v.dim() - 1];
                for (int k = 0, o = 0; k < v.dim(); k++) if (k != d) others[o++] = k;
                norm = ReductionNorms.vectorNorm(v, 2, others, true);
            }
            return call("aten::mul.Tensor", v, call("aten::div.Tensor", a.tensor(1), norm));
        });
        composite(r, "aten::_log_softmax(Tensor self, int dim, bool half_to_float) -> Tensor",
                a -> call("aten::log_softmax.int", a.tensor(0), a.integer(1), null));
        composite(r, "aten::_softmax(Tensor self, int dim, bool half_to_float) -> Tensor",
                a -> call("aten::softmax.int", a.tensor(0), a.integer(1), null));
        compositeN(r, "aten::lstm_cell(Tensor input, Tensor[] hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None) "
                + "-> (Tensor, Tensor)", a -> {
            Tensor[] hx = a.tensors(1);
            Tensor gates = call("aten::add.Tensor", call("aten::linear", a.tensor(0), a.tensor(2), a.raw(4)),
                    call("aten::linear", hx[0], a.tensor(3), a.raw(5)));
            Tensor[] q = AtenOps.calls("aten::chunk", gates, 4L, 1L);
            Tensor c = call("aten::add.Tensor", call("aten::mul.Tensor", call("aten::sigmoid", q[1]), hx[1]),
                    call("aten::mul.Tensor", call("aten::sigmoid", q[0]), call("aten::tanh", q[2])));
            return new Tensor[] {call("aten::mul.Tensor", call("aten::sigmoid", q[3]), call("aten::tanh", c)), c};
        });
        composite(r, "aten::gru_cell(Tensor input, Tensor hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None) -> Tensor", a -> {
            Tensor h = a.tensor(1);
            Tensor[] gi = AtenOps.calls("aten::chunk", call("aten::linear", a.tensor(0), a.tensor(2), a.raw(4)), 3L, 1L);
            Tensor[] gh = AtenOps.calls("aten::chunk", call("aten::linear", h, a.tensor(3), a.raw(5)), 3L, 1L);
            Tensor rg = call("aten::sigmoid", call("aten::add.Tensor", gi[0], gh[0]));
            Tensor z = call("aten::sigmoid", call("aten::add.Tensor", gi[1], gh[1]));
            Tensor n = call("aten::tanh", call("aten::add.Tensor", gi[2], call("aten::mul.Tensor", rg, gh[2])));
            return call("aten::add.Tensor", n, call("aten::mul.Tensor", z, call("aten::sub.Tensor", h, n)));
        });
        for (String act : new String[] {"tanh", "relu"}) {
            composite(r, "aten::rnn_" + act + "_cell(Tensor input, Tensor hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None) -> Tensor",
                    a -> call("aten::" + act, call("aten::add.Tensor", call("aten::linear", a.tensor(0), a.tensor(2), a.raw(4)),
                            call("aten::linear", a.tensor(1), a.tensor(3), a.raw(5)))));
        }
        r.register("aten::fake_quantize_per_tensor_affine(Tensor self, float scale, int zero_point, int quant_min, int quant_max) -> Tensor",
                dev.onnxport.ops.Kernel.single(a -> fakeQuant(a.tensor(0), new double[] {a.real(1)}, new long[] {a.integer(2)}, -1,
                        a.integer(3), a.integer(4))), dev.onnxport.ops.ShapeRule.single(a -> a.tensor(0).toMeta()));
        r.register("aten::fake_quantize_per_channel_affine(Tensor self, Tensor scale, Tensor zero_point, int axis, int quant_min, "
                + "int quant_max) -> Tensor", dev.onnxport.ops.Kernel.single(a -> fakeQuant(a.tensor(0), a.tensor(1).toDoubleArray(),
                        a.tensor(2).toLongArray(), Shapes.normDim(a.integer(3), a.tensor(0).dim()), a.integer(4), a.integer(5))),
                dev.onnxport.ops.ShapeRule.single(a -> a.tensor(0).toMeta()));
        composite(r, "aten::pixel_unshuffle(Tensor self, int downscale_factor) -> Tensor", a -> {
            Tensor x = a.tensor(0);
            long f = a.integer(1);
            int n = x.dim();
            if (n < 3) throw new IllegalArgumentException("aten::pixel_unshuffle: expects input to have at least 3 dimensions");
            long c = x.size(n - 3), h = x.size(n - 2), w = x.size(n - 1);
            if (h % f != 0 || w % f != 0) throw new IllegalArgumentException("aten::pixel_unshuffle: height and width must be divisible by downscale_factor");
            long[] lead = java.util.Arrays.copyOf(x.shape(), n - 3);
            long[] six = java.util.Arrays.copyOf(lead, n + 3);
            six[n - 3] = c; six[n - 2] = h / f; six[n - 1] = f; six[n] = w / f; six[n + 1] = f;
            six = java.util.Arrays.copyOf(six, n + 2);
            long[] perm = new long[n + 2];
            for (int k = 0; k < n - 3; k++) perm[k] = k;
            int b = n - 3;
            perm[b] = b; perm[b + 1] = b + 2; perm[b + 2] = b + 4; perm[b + 3] = b + 1; perm[b + 4] = b + 3;
            long[] out = java.util.Arrays.copyOf(lead, n);
            out[n - 3] = c * f * f; out[n - 2] = h / f; out[n - 1] = w / f;
            return call("aten::reshape", call("aten::permute", call("aten::reshape", x, six), perm), out);
        });
        compositeN(r, "aten::native_dropout(Tensor input, float p, bool? train) -> (Tensor, Tensor)", a -> {
            Tensor x = a.tensor(0);
            if (Boolean.TRUE.equals(a.raw(2)) && a.real(1) > 0) {
                throw new IllegalArgumentException("aten::native_dropout: training mode (random masks) is not supported; use eval mode");
            }
            return new Tensor[] {call("aten::clone", x), call("aten::ones_like", x, DType.BOOL)};
        });
        for (String name : new String[] {"alpha_dropout", "feature_dropout", "feature_alpha_dropout"}) {
            composite(r, "aten::" + name + "(Tensor input, float p, bool train) -> Tensor", a -> {
                if (a.bool(2) && a.real(1) > 0) {
                    throw new IllegalArgumentException("aten::" + name + ": training mode (random masks) is not supported; use eval mode");
                }
                return call("aten::clone", a.tensor(0));
            });
        }
    }

    /**
     * PyTorch's fake quantization: {@code (clamp(zp + round(x * inv_scale), qmin, qmax) - zp) * scale}, in float32 with
     * {@code inv_scale = 1.0f / scale}, round half to even; per channel along {@code axis} (-1: one scale).
     */
    static Tensor fakeQuant(Tensor x, double[] scale, long[] zp, int axis, long qmin, long qmax) {
        float[] v = x.copy(DType.FLOAT32).floats();
        long[] shape = x.shape();
        long inner = 1;
        if (axis >= 0) for (int k = axis + 1; k < shape.length; k++) inner *= shape[k];
        long ch = axis >= 0 ? shape[axis] : 1;
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = axis >= 0 ? (int) ((i / inner) % ch) : 0;
            float s = (float) scale[c];
            float inv = axis >= 0 ? 1.0f / s : (float) (1.0 / scale[c]);
            long q = zp[c] + (long) Math.rint(v[i] * inv);
            q = Math.min(Math.max(q, qmin), qmax);
            o[i] = (q - zp[c]) * s;
        }
        return Tensor.of(o, shape).copy(x.dtype());
    }
}
