package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.BCEWithLogitsLoss(weight=None, reduction="mean", pos_weight=None)}: the binary cross entropy of
 * sigmoid(input), computed stably from the logits as PyTorch does; {@code weight} (broadcast to the input) scales
 * each element and {@code pos_weight} (broadcast along the last dim) the positive term. Both are buffers, under
 * "weight" and "pos_weight", when given.
 */
public final class BCEWithLogitsLoss extends Loss {
    private final Parameter weight, posWeight;

    public BCEWithLogitsLoss() { this(null, "mean", null); }

    public BCEWithLogitsLoss(Tensor weight, String reduction, Tensor posWeight) {
        super(reduction);
        this.weight = registerBuffer("weight", weight);
        this.posWeight = registerBuffer("pos_weight", posWeight);
    }

    @Override
    protected Tensor compute(Tensor input, Tensor target) {
        sameShape("BCEWithLogitsLoss", input, target);
        Tensor maxVal = F.clamp(F.neg(input), 0.0, null);
        // log(1 + exp(-x)) = log(exp(-m) + exp(-x - m)) + m with m = max(-x, 0)
        Tensor softplus = F.add(F.log(F.add(F.exp(F.neg(maxVal)), F.exp(F.sub(F.neg(input), maxVal)))), maxVal);
        Tensor pw = posWeight.get();
        Tensor term = pw == null ? softplus : F.mul(F.add(F.mul(F.sub(pw, 1), target), 1), softplus);
        Tensor loss = F.add(F.mul(F.rsub(target, 1), input), term);
        if (weight.get() != null) loss = F.mul(loss, weight.get());
        return reduce(loss);
    }
}
