package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AdaptiveAvgPool3d(output_size)} on (N, C, D, H, W) or (C, D, H, W): an int means a cube output. Runs as two 2-D adaptive poolings (each dimension's bins are independent).
 */
public final class AdaptiveAvgPool3d extends UnaryModule {
    private final long[] outputSize;

    public AdaptiveAvgPool3d(long... outputSize) {
        this.outputSize = Tuples.check("AdaptiveAvgPool3d", "output_size", 3, outputSize);
    }

    @Override protected Tensor compute(Tensor x) { return Pooling.adaptiveAvgPool3d(x, outputSize); }
}
