package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.Dropout(p=0.5)}: zeroes elements with probability p in training, identity in eval. */
public final class Dropout extends UnaryModule {
    private final double p;

    public Dropout() { this(0.5); }

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
    }

    public double p() { return p; }

    @Override protected Tensor compute(Tensor x) { return F.dropout(x, p, isTraining()); }
}
