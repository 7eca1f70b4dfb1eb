package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Sigmoid}. */
public final class Sigmoid extends UnaryModule {
    public Sigmoid() {}

    @Override protected Tensor compute(Tensor x) { return F.sigmoid(x); }
}
