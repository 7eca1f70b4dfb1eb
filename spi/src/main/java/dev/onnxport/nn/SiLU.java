package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.SiLU}: x * sigmoid(x). */
public final class SiLU extends UnaryModule {
    public SiLU() {}

    @Override protected Tensor compute(Tensor x) { return F.silu(x); }
}
