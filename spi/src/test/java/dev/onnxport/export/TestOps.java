package dev.onnxport.export;

import dev.onnxport.nn.Module;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;

/** "test::" ops registered in the global registry, and tiny models made of them, for the export tests. */
final class TestOps {
    private TestOps() {}

    static final OpDef MUL_ADD;
    static final OpDef RELU;
    static final OpDef IDENT;

    static {
        OpRegistry r = AtenOps.registry();
        MUL_ADD = op(r, "test::mul_add(Tensor self, Tensor weight, Tensor bias) -> Tensor", Kernel.single(a -> {
            Tensor x = a.tensor(0);
            float[] xs = x.floats(), w = a.tensor(1).floats(), b = a.tensor(2).floats();
            float[] out = new float[xs.length];
            for (int i = 0; i < xs.length; i++) out[i] = xs[i] * w[i % w.length] + b[i % b.length];
            return Tensor.of(out, x.shape());
        }));
        RELU = op(r, "test::relu(Tensor self) -> Tensor", Kernel.single(a -> {
            float[] xs = a.tensor(0).floats();
            for (int i = 0; i < xs.length; i++) xs[i] = Math.max(xs[i], 0f);
            return Tensor.of(xs, a.tensor(0).shape());
        }));
        IDENT = op(r, "test::ident(Tensor self) -> Tensor", Kernel.single(a -> a.tensor(0).copy()));
    }

    private static OpDef op(OpRegistry r, String schema, Kernel k) {
        String name = schema.substring(0, schema.indexOf('('));
        if (r.contains(name)) return r.get(name);
        return r.register(schema, k, ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype(), a.tensor(0).shape())));
    }

    /** y = weight * x + bias over the last dim. */
    static final class Affine extends Module {
        final dev.onnxport.nn.Parameter weight;
        final dev.onnxport.nn.Parameter bias;

        Affine(int n) {
            float[] w = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) { w[i] = 1 + i; b[i] = -0.5f * i; }
            weight = registerParameter("weight", Tensor.of(w));
            bias = registerParameter("bias", Tensor.of(b));
            registerBuffer("unused", Tensor.of(new float[] {0}));
        }

        Tensor forward(Tensor x) { return scoped(() -> MUL_ADD.call1(x, weight.get(), bias.get())); }
    }

    /** relu(ident(fc(x))); records whether the export flag was on during forward. */
    static final class Net extends Module {
        final Affine fc;
        Boolean sawExportFlag;
        boolean returnInputToo;

        Net(int n) { fc = registerModule("fc", new Affine(n)); }

        @Override
        public Object invoke(Tensor... in) {
            sawExportFlag = OnnxExport.isInOnnxExport();
            Tensor y = scoped(() -> RELU.call1(IDENT.call1(fc.forward(in[0]))));
            return returnInputToo ? new Tensor[] {y, in[0]} : y;
        }
    }
}
