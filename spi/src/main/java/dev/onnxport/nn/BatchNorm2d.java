package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)} on (N, C, H, W). */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code BatchNorm2d.builder(64).eps(1e-3).momentum(0.01).affine(false).build()}. */
    public static NormBuilder<BatchNorm2d> builder(long numFeatures) { return new NormBuilder<>(BatchNorm2d::new, numFeatures, true, true); }

    @Override
    void checkInput(Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException("BatchNorm2d: expected 4D input, got " + x);
    }
}
