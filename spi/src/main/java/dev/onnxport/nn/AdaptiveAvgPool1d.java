package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.AdaptiveAvgPool1d(output_size)} on (N, C, L): a 2-D adaptive pooling over a height of 1. */
public final class AdaptiveAvgPool1d extends UnaryModule {
    private final long outputSize;

    public AdaptiveAvgPool1d(long outputSize) { this.outputSize = outputSize; }

    @Override protected Tensor compute(Tensor x) { return Pooling.adaptiveAvgPool1d(x, outputSize); }
}
