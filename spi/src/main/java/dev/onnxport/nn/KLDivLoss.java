package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.KLDivLoss(reduction="mean", log_target=False)}: with log-probabilities as input, target * (log target -
 * input) (0 where target is 0), or exp(target) * (target - input) with log_target. Reductions: "mean" (over all
 * elements, as PyTorch, though "batchmean" is the KL divergence), "batchmean" (sum / batch size), "sum", "none".
 */
public final class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() { this("mean", false); }

    public KLDivLoss(String reduction, boolean logTarget) {
        super(reduction, "mean", "batchmean", "sum", "none");
        this.logTarget = logTarget;
    }

    @Override
    protected Tensor compute(Tensor input, Tensor target) {
        Tensor loss = logTarget
                ? F.mul(F.exp(target), F.sub(target, input))
                : F.sub(F.where(F.ne(target, 0), F.mul(target, F.log(target)), 0.0), F.mul(target, input));
        if (reduction.equals("batchmean")) return input.dim() == 0 ? F.sum(loss) : F.div(F.sum(loss), input.symSize(0).value());
        return reduce(loss);
    }
}
