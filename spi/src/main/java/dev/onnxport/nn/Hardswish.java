package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Hardswish}. */
public final class Hardswish extends UnaryModule {
    public Hardswish() {}

    @Override protected Tensor compute(Tensor x) { return F.hardswish(x); }
}
