package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0)}: log_softmax over
 * the class dim (1, or 0 for an unbatched (C) input) followed by {@link NLLLoss} for class-index targets, or by
 * -sum(weight * target * log p) for class-probability targets (a float target of the input's shape). Label
 * smoothing mixes in the uniform distribution as PyTorch: (1 - eps) * nll + eps / C * (-sum over classes of
 * weight * log p), ignored targets left out. Options by name:
 * {@code CrossEntropyLoss.builder().weight(w).ignoreIndex(0).labelSmoothing(0.1).reduction("sum").build()}.
 */
public final class CrossEntropyLoss extends Loss {
    private final Parameter weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, -100, "mean", 0.0); }

    public CrossEntropyLoss(Tensor weight, long ignoreIndex, String reduction, double labelSmoothing) {
        super(reduction);
        if (labelSmoothing < 0 || labelSmoothing > 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
        this.weight = registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    public static Builder builder() { return new Builder(); }

    /** Options by name, PyTorch's defaults otherwise. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = -100;
        private String reduction = "mean";
        private double labelSmoothing;

        public Builder weight(Tensor v) { weight = v; return this; }
        public Builder ignoreIndex(long v) { ignoreIndex = v; return this; }
        public Builder reduction(String v) { reduction = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public CrossEntropyLoss build() { return new CrossEntropyLoss(weight, ignoreIndex, reduction, labelSmoothing); }
    }

    @Override
    protected Tensor compute(Tensor input, Tensor target) {
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? F.unsqueeze(input, 0) : input;
        Tensor t = unbatched ? F.unsqueeze(target, 0) : target;
        long classes = x.size(1);
        Tensor logp = F.logSoftmax(x, 1);
        Tensor w = weight.get();
        Tensor wc = null;  // the weight broadcast along the class dim
        if (w != null) {
            long[] shape = new long[x.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[1] = classes;
            wc = F.reshape(w, shape);
        }
        Tensor out;
        if (t.dtype().isFloatingPoint()) {
            sameShape("CrossEntropyLoss", x, t);
            if (labelSmoothing > 0) t = F.add(F.mul(t, 1 - labelSmoothing), labelSmoothing / classes);
            Tensor l = F.mul(logp, t);
            if (wc != null) l = F.mul(l, wc);
            Tensor loss = F.neg(F.sum(l, 1, false));
            out = reduce(loss);
        } else {
            Tensor[] lw = NLLLoss.picked(logp, t, w, ignoreIndex);
            Tensor nll = switch (reduction) {
                case "mean" -> F.div(F.sum(lw[0]), F.sum(lw[1]));
                case "sum" -> F.sum(lw[0]);
                default -> lw[0];
            };
            if (labelSmoothing > 0) {
                Tensor smooth = F.neg(F.sum(wc == null ? logp : F.mul(logp, wc), 1, false));
                smooth = F.maskedFill(smooth, lw[2], 0.0);
                Tensor s = switch (reduction) {
                    case "mean" -> F.div(F.sum(smooth), F.sum(lw[1]));
                    case "sum" -> F.sum(smooth);
                    default -> smooth;
                };
                nll = F.add(F.mul(nll, 1 - labelSmoothing), F.mul(s, labelSmoothing / classes));
            }
            out = nll;
        }
        return unbatched && reduction.equals("none") ? F.squeeze(out, 0) : out;
    }
}
