package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.L1Loss(reduction="mean")}: |input - target|, reduced. */
public final class L1Loss extends Loss {
    public L1Loss() { this("mean"); }

    public L1Loss(String reduction) { super(reduction); }

    @Override protected Tensor compute(Tensor input, Tensor target) { return reduce(F.abs(F.sub(input, target))); }
}
