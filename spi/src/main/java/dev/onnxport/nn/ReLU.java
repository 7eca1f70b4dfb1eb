package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.ReLU}: max(x, 0). */
public final class ReLU extends UnaryModule {
    public ReLU() {}

    @Override protected Tensor compute(Tensor x) { return F.relu(x); }
}
