package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.PixelShuffle(upscale_factor)}: (*, C r^2, H, W) to (*, C, H r, W r). */
public final class PixelShuffle extends UnaryModule {
    private final long upscaleFactor;

    public PixelShuffle(long upscaleFactor) { this.upscaleFactor = upscaleFactor; }

    @Override protected Tensor compute(Tensor x) { return F.pixelShuffle(x, upscaleFactor); }
}
