package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.ReLU6}: min(max(x, 0), 6). */
public final class ReLU6 extends UnaryModule {
    public ReLU6() {}

    @Override protected Tensor compute(Tensor x) { return F.relu6(x); }
}
