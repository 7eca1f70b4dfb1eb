package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.ELU(alpha=1.0)}. */
public final class ELU extends UnaryModule {
    private final double alpha;

    public ELU() { this(1.0); }
    public ELU(double alpha) { this.alpha = alpha; }

    @Override protected Tensor compute(Tensor x) { return F.elu(x, alpha); }
}
