package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.LeakyReLU(negative_slope=0.01)}. */
public final class LeakyReLU extends UnaryModule {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }
    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override protected Tensor compute(Tensor x) { return F.leakyRelu(x, negativeSlope); }
}
