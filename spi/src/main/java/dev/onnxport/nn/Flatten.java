package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Flatten(start_dim=1, end_dim=-1)}. */
public final class Flatten extends UnaryModule {
    private final long startDim;
    private final long endDim;

    public Flatten() { this(1, -1); }

    public Flatten(long startDim, long endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override protected Tensor compute(Tensor x) { return F.flatten(x, startDim, endDim); }
}
