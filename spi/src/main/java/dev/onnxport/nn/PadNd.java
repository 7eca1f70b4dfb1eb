package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** What the padding layers share: the (before, after) amounts from the last dim backwards, the mode and the fill value. */
abstract class PadNd extends UnaryModule {
    private final String layer, mode;
    private final long[] padding;
    private final double value;

    PadNd(String layer, int n, String mode, double value, long[] padding) {
        this.layer = layer;
        this.mode = mode;
        this.value = value;
        this.padding = Padding.check(layer, n, padding);
    }

    /** The amounts as PyTorch's {@code padding} attribute holds them: (left, right[, top, bottom[, front, back]]). */
    public final long[] padding() { return padding.clone(); }

    @Override protected final Tensor compute(Tensor x) { return Padding.pad(layer, x, padding, mode, value); }
}
