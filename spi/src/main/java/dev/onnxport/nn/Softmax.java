package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Softmax(dim)}; the dim is required (PyTorch's implicit-dim default is deprecated). */
public final class Softmax extends UnaryModule {
    private final long dim;

    public Softmax(long dim) { this.dim = dim; }

    @Override protected Tensor compute(Tensor x) { return F.softmax(x, dim); }
}
