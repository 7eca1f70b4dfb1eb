package dev.onnxport.zoo.vision;

import dev.onnxport.nn.BatchNorm2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.F;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** GoogLeNet's and Inception-v3's {@code BasicConv2d}: conv (no bias), bn (eps 0.001), ReLU. */
public final class BasicConv2d extends UnaryModule {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    /** Square kernel, stride and padding. */
    public BasicConv2d(long in, long out, long kernel, long stride, long padding) {
        this(in, out, new long[] {kernel, kernel}, new long[] {stride, stride}, new long[] {padding, padding});
    }

    /** Per-dimension kernel, stride and padding (Inception-v3's 1x7 and 7x1 convolutions). */
    public BasicConv2d(long in, long out, long[] kernel, long[] stride, long[] padding) {
        conv = registerModule("conv", new Conv2d(in, out, kernel, stride, padding, new long[] {1, 1}, 1, false));
        bn = registerModule("bn", new BatchNorm2d(out, 0.001, 0.1, true, true));
    }

    @Override protected Tensor compute(Tensor x) { return F.relu(bn.forward(conv.forward(x))); }
}
