package dev.onnxport.zoo.vision;

import dev.onnxport.nn.F;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** torchvision's {@code ops.misc.Permute(dims)}: {@code torch.permute(x, dims)}, no parameters. */
public final class Permute extends UnaryModule {
    private final long[] dims;

    public Permute(long... dims) { this.dims = dims.clone(); }

    @Override protected Tensor compute(Tensor x) { return F.permute(x, dims); }
}
