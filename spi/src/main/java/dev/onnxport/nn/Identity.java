package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Identity()}: returns its input (the same tensor); a placeholder, e.g. for a removed classifier head. */
public final class Identity extends UnaryModule {
    public Identity() {}

    @Override protected Tensor compute(Tensor x) { return x; }
}
