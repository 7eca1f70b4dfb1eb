package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Tanh}. */
public final class Tanh extends UnaryModule {
    public Tanh() {}

    @Override protected Tensor compute(Tensor x) { return F.tanh(x); }
}
