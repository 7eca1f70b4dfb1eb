package dev.onnxport.onnx.aten;

import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** A one-method model for tests: named parameters and a forward function of (parameters, inputs). */
final class TinyNet extends Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final BiFunction<TinyNet, Tensor[], Object> forward;

    TinyNet(BiFunction<TinyNet, Tensor[], Object> forward) { this.forward = forward; }

    TinyNet param(String name, Tensor t) {
        params.put(name, registerParameter(name, t));
        return this;
    }

    Tensor p(String name) { return params.get(name).get(); }

    @Override public Object invoke(Tensor... inputs) { return scoped(() -> forward.apply(this, inputs)); }

    static OpDef op(String qualifiedName) { return AtenOps.registry().get(qualifiedName); }

    /** A float32 tensor 0, 0.1, 0.2, ... of the given shape (distinct values, the same on every run). */
    static Tensor ramp(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.1f - 1f;
        return Tensor.of(data, shape);
    }
}
