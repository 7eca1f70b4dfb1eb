package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.InstanceNorm2d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False)}.
 * With tracked statistics, eval mode uses them (as PyTorch); otherwise each instance uses its own.
 */
public final class InstanceNorm2d extends UnaryModule {
    private final double eps, momentum;
    private final boolean trackRunningStats;
    private final Parameter weight, bias, runningMean, runningVar;

    public InstanceNorm2d(long numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm2d(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        weight = registerParameter("weight", affine ? Init.ones(numFeatures) : null);
        bias = registerParameter("bias", affine ? Init.zeros(numFeatures) : null);
        runningMean = registerBuffer("running_mean", trackRunningStats ? Init.zeros(numFeatures) : null);
        runningVar = registerBuffer("running_var", trackRunningStats ? Init.ones(numFeatures) : null);
        registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.scalar(0L) : null);
    }

    /** {@code InstanceNorm2d.builder(64).affine(true).eps(1e-3).build()}. */
    public static NormBuilder<InstanceNorm2d> builder(long numFeatures) {
        return new NormBuilder<>((n, eps, m, a, t) -> {
            if (m == null) throw new IllegalArgumentException("InstanceNorm2d: momentum must be a number");
            return new InstanceNorm2d(n, eps, m, a, t);
        }, numFeatures, false, false);
    }

    @Override
    protected Tensor compute(Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException("InstanceNorm2d: expected 4D input (N, C, H, W), got " + x);
        boolean useInputStats = isTraining() || !trackRunningStats;
        return F.instanceNorm(x, runningMean.get(), runningVar.get(), weight.get(), bias.get(), useInputStats, momentum, eps);
    }
}
