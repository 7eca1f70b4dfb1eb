package dev.onnxport.nn;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.NLLLoss(weight=None, ignore_index=-100, reduction="mean")}: input of log-probabilities (N, C), (N, C, d1,
 * ...) or (C), target class indices (N), (N, d1, ...) or (); the loss is -weight[t] * input[t], targets equal to
 * ignore_index count for nothing, and "mean" divides by the summed weights of the counted targets. {@code weight}
 * (C) is a buffer under "weight" when given.
 */
public final class NLLLoss extends Loss {
    private final Parameter weight;
    private final long ignoreIndex;

    public NLLLoss() { this(null, -100, "mean"); }

    public NLLLoss(Tensor weight, long ignoreIndex, String reduction) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    protected Tensor compute(Tensor input, Tensor target) { return nll(input, target, weight.get(), ignoreIndex, reduction); }

    /** The weighted loss per target and the weight per target: {loss, weights}; class dim 1 of a batched input. */
    static Tensor[] picked(Tensor logp, Tensor target, Tensor weight, long ignoreIndex) {
        Tensor ignore = F.eq(target, ignoreIndex);
        Tensor safe = F.where(F.logicalNot(ignore), target, 0L);
        Tensor picked = F.squeeze(F.gather(logp, 1, F.unsqueeze(safe, 1)), 1);
        Tensor keep = F.to(F.logicalNot(ignore), logp.dtype());
        Tensor w = weight == null ? keep : F.mul(F.index(weight, safe), keep);
        return new Tensor[] {F.neg(F.mul(picked, w)), w, ignore};
    }

    static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
        boolean unbatched = input.dim() == 1;
        if (target.dtype() != DType.INT64 && target.dtype() != DType.INT32) {
            throw new IllegalArgumentException("NLLLoss: expected class indices as target, got " + target);
        }
        Tensor logp = unbatched ? F.unsqueeze(input, 0) : input;
        Tensor t = unbatched ? F.unsqueeze(target, 0) : target;
        Tensor[] lw = picked(logp, t, weight, ignoreIndex);
        return switch (reduction) {
            case "mean" -> F.div(F.sum(lw[0]), F.sum(lw[1]));
            case "sum" -> F.sum(lw[0]);
            default -> unbatched ? F.squeeze(lw[0], 0) : lw[0];
        };
    }
}
