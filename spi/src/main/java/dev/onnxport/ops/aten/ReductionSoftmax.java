package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * Aten ops softmax and log_softmax over one dim. Rows are shifted by their max for stability and
 * accumulated in double; float32 inputs are read and written as float[] (no copy when the dim is the
 * last one of a contiguous tensor, the attention case).
 */
final class ReductionSoftmax {
    private ReductionSoftmax() {}

    static void register(OpRegistry r) {
        r.register("aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor",
                ReductionOps.k(a -> softmax("aten::softmax", a, false)), rule("aten::softmax"));
        r.register("aten::log_softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor",
                ReductionOps.k(a -> softmax("aten::log_softmax", a, true)), rule("aten::log_softmax"));
    }

    /** The input cast to the {@code dtype} argument when given; must be floating. */
    private static Tensor input(String op, Args a) {
        DType dtype = ReductionOps.dtypeArg(a, 2);
        Tensor x = dtype == null ? a.tensor(0) : a.tensor(0).to(dtype);
        ElementwiseKernels.requireFloating(op, x);
        return x;
    }

    private static ShapeRule rule(String op) {
        return ShapeRule.single(a -> {
            Tensor x = input(op, a);
            ReductionRows.along(op, x, a.integer(1));
            return x.toMeta();
        });
    }

    private static Tensor softmax(String op, Args a, boolean log) {
        Tensor x = input(op, a);
        ReductionRows rr = ReductionRows.along(op, x, a.integer(1));
        long[] shape = rr.permutedShape(rr.len);
        int len = rr.len;
        if (x.dtype() == DType.FLOAT32) {
            float[] v = rr.view.floats();
            float[] o = new float[v.length];
            double[] e = new double[len];
            for (int base = 0; base < v.length; base += len) {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) m = Math.max(m, v[base + i]);
                double s = 0;
                for (int i = 0; i < len; i++) s += e[i] = Math.exp(v[base + i] - m);
                if (log) {
                    double shift = m + Math.log(s);
                    for (int i = 0; i < len; i++) o[base + i] = (float) (v[base + i] - shift);
                } else {
                    double inv = 1 / s;
                    for (int i = 0; i < len; i++) o[base + i] = (float) (e[i] * inv);
                }
            }
            return rr.restore(Tensor.of(o, shape));
        }
        double[] v = ElementwiseLoops.doubles(rr.view, x.dtype());
        for (int base = 0; base < v.length; base += len) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < len; i++) m = Math.max(m, v[base + i]);
            double s = 0;
            for (int i = 0; i < len; i++) s += Math.exp(v[base + i] - m);
            double shift = m + Math.log(s);
            for (int i = 0; i < len; i++) v[base + i] = log ? v[base + i] - shift : Math.exp(v[base + i] - m) / s;
        }
        return rr.restore(ElementwiseLoops.fromDoubles(v, x.dtype(), shape));
    }
}
