package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.AdaptiveAvgPool2d(output_size)}: an int means a square output. */
public final class AdaptiveAvgPool2d extends UnaryModule {
    private final long[] outputSize;

    public AdaptiveAvgPool2d(long... outputSize) {
        this.outputSize = Tuples.check("AdaptiveAvgPool2d", "output_size", 2, outputSize);
    }

    @Override protected Tensor compute(Tensor x) { return F.adaptiveAvgPool2d(x, outputSize); }
}
