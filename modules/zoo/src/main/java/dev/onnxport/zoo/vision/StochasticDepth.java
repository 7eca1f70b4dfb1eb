package dev.onnxport.zoo.vision;

import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/**
 * torchvision's {@code ops.StochasticDepth(p, mode)}: drops whole residual branches ("row": per sample, "batch":
 * all at once) with probability p in training. Exported models run in eval mode, where it is the identity; a
 * training-mode forward is refused rather than drawn from a generator PyTorch does not share.
 */
public final class StochasticDepth extends UnaryModule {
    private final double p;
    private final String mode;

    public StochasticDepth(double p, String mode) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("StochasticDepth: p must be in [0, 1], got " + p);
        if (!mode.equals("row") && !mode.equals("batch")) {
            throw new IllegalArgumentException("StochasticDepth: mode must be 'row' or 'batch', got '" + mode + "'");
        }
        this.p = p;
        this.mode = mode;
    }

    public double p() { return p; }
    public String mode() { return mode; }

    @Override
    protected Tensor compute(Tensor x) {
        if (isTraining() && p > 0) {
            throw new UnsupportedOperationException("StochasticDepth: training mode (p=" + p + ") is not supported; call eval()");
        }
        return x;
    }
}
