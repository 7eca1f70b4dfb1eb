package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.MSELoss(reduction="mean")}: (input - target)^2, reduced. */
public final class MSELoss extends Loss {
    public MSELoss() { this("mean"); }

    public MSELoss(String reduction) { super(reduction); }

    @Override
    protected Tensor compute(Tensor input, Tensor target) {
        Tensor d = F.sub(input, target);
        return reduce(F.mul(d, d));
    }
}
