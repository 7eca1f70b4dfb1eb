package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.AdaptiveMaxPool2d(output_size, return_indices=False)}: an int means a square output. {@link #forward}
 * gives the values; {@link #forwardWithIndices} gives {values, indices} as {@code return_indices=True} does.
 */
public final class AdaptiveMaxPool2d extends UnaryModule {
    private final long[] outputSize;

    public AdaptiveMaxPool2d(long... outputSize) {
        this.outputSize = Tuples.check("AdaptiveMaxPool2d", "output_size", 2, outputSize);
    }

    public Tensor[] forwardWithIndices(Tensor x) { return scoped(() -> F.adaptiveMaxPool2d(x, outputSize)); }

    @Override protected Tensor compute(Tensor x) { return F.adaptiveMaxPool2d(x, outputSize)[0]; }
}
