package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.AdaptiveMaxPool1d(output_size)} on (N, C, L), values only ({@code return_indices=False}). */
public final class AdaptiveMaxPool1d extends UnaryModule {
    private final long outputSize;

    public AdaptiveMaxPool1d(long outputSize) { this.outputSize = outputSize; }

    @Override protected Tensor compute(Tensor x) { return Pooling.adaptiveMaxPool1d(x, outputSize); }
}
