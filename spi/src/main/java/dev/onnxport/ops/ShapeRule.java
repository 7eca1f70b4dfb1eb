package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;

/**
 * Computes the dtypes and shapes of an operator's outputs without computing data: returns meta
 * tensors ({@link Tensor#meta}). Inputs may be meta or real. Used by shape-only tracing.
 */
@FunctionalInterface
public interface ShapeRule {
    Tensor[] infer(Args args);

    static ShapeRule single(java.util.function.Function<Args, Tensor> f) {
        return a -> new Tensor[] {f.apply(a)};
    }
}
