package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;

/** The eager CPU implementation of one operator: computes its outputs (flattened, in return order). */
@FunctionalInterface
public interface Kernel {
    Tensor[] run(Args args);

    /** Adapts a kernel with one tensor result. */
    static Kernel single(java.util.function.Function<Args, Tensor> f) {
        return a -> new Tensor[] {f.apply(a)};
    }
}
