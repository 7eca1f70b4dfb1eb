package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Hardsigmoid}. */
public final class Hardsigmoid extends UnaryModule {
    public Hardsigmoid() {}

    @Override protected Tensor compute(Tensor x) { return F.hardsigmoid(x); }
}
