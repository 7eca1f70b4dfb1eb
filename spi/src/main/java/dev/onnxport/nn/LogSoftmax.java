package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.LogSoftmax(dim)}; the dim is required (PyTorch's implicit-dim default is deprecated). */
public final class LogSoftmax extends UnaryModule {
    private final long dim;

    public LogSoftmax(long dim) { this.dim = dim; }

    @Override protected Tensor compute(Tensor x) { return F.logSoftmax(x, dim); }
}
