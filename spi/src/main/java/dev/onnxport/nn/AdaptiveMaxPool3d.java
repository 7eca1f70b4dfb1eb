package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AdaptiveMaxPool3d(output_size)} on (N, C, D, H, W) or (C, D, H, W): an int means a cube output; values
 * only ({@code return_indices=False}). Runs as two 2-D adaptive poolings (each dimension's bins are independent).
 */
public final class AdaptiveMaxPool3d extends UnaryModule {
    private final long[] outputSize;

    public AdaptiveMaxPool3d(long... outputSize) {
        this.outputSize = Tuples.check("AdaptiveMaxPool3d", "output_size", 3, outputSize);
    }

    @Override protected Tensor compute(Tensor x) { return Pooling.adaptiveMaxPool3d(x, outputSize); }
}
