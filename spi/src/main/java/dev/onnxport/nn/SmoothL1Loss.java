package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.SmoothL1Loss(reduction="mean", beta=1.0)}: with d = |input - target|, 0.5 d^2 / beta where d < beta and
 * d - 0.5 beta elsewhere (plain L1 for beta 0), reduced.
 */
public final class SmoothL1Loss extends Loss {
    private final double beta;

    public SmoothL1Loss() { this("mean", 1.0); }

    public SmoothL1Loss(String reduction, double beta) {
        super(reduction);
        if (beta < 0) throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        this.beta = beta;
    }

    @Override
    protected Tensor compute(Tensor input, Tensor target) {
        Tensor d = F.abs(F.sub(input, target));
        if (beta == 0) return reduce(d);
        return reduce(F.where(F.gt(d, beta), F.sub(d, 0.5 * beta), F.div(F.mul(F.mul(d, d), 0.5), beta)));
    }
}
