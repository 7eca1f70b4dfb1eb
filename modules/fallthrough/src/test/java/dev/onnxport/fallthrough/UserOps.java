package dev.onnxport.fallthrough;

import dev.onnxport.nn.Module;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;

/** A user-defined operator, as an application would add one: its own namespace, schema, eager kernel and shape rule. */
final class UserOps {
    private UserOps() {}

    static final String SCALED_TANH = "mydomain::scaled_tanh";

    /** Registers {@code mydomain::scaled_tanh(self, alpha) = tanh(alpha * self)} once. */
    static synchronized void register() {
        OpRegistry r = AtenOps.registry();
        if (r.contains(SCALED_TANH)) return;
        r.register(SCALED_TANH + "(Tensor self, float alpha) -> Tensor", Kernel.single(a -> {
            Tensor x = a.tensor(0);
            if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(SCALED_TANH + ": 'self' must be float, got " + x.dtype());
            double[] v = x.toDoubleArray();
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) out[i] = (float) Math.tanh(a.real(1) * v[i]);
            return Tensor.of(out, x.shape());
        }), ShapeRule.single(a -> a.tensor(0).toMeta()));
    }

    static Tensor scaledTanh(Tensor x, double alpha) {
        register();
        return AtenOps.registry().get(SCALED_TANH).call1(x, alpha);
    }

    static Tensor call(String op, Object... args) { return AtenOps.registry().get(op).call1(args); }

    /** x -> scaled_tanh(x, 0.5) + x: a model calling the user op. */
    static Module net() {
        register();
        return new Module() {
            @Override public Object invoke(Tensor... in) {
                return call("aten::add.Tensor", scaledTanh(in[0], 0.5), in[0]);
            }
        };
    }

    static Tensor range(int n, long... shape) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 3;
        return Tensor.of(f, shape);
    }
}
