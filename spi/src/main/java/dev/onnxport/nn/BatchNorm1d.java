package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)} on (N, C) or (N, C, L). */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code BatchNorm1d.builder(64).eps(1e-3).momentum(0.01).affine(false).build()}. */
    public static NormBuilder<BatchNorm1d> builder(long numFeatures) { return new NormBuilder<>(BatchNorm1d::new, numFeatures, true, true); }

    @Override
    void checkInput(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) throw new IllegalArgumentException("BatchNorm1d: expected 2D or 3D input, got " + x);
    }
}
