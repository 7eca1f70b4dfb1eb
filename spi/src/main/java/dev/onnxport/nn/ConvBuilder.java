package dev.onnxport.nn;

/**
 * Options of the convolution layers by name, PyTorch's defaults otherwise:
 * {@code Conv2d.builder(3, 64, 3).stride(2).padding(1).groups(4).bias(false).build()}. A single number applies to
 * every spatial dimension. {@link #outputPadding} is for the transposed convolutions only.
 */
public final class ConvBuilder<T extends Module> {
    interface Factory<T> {
        T make(long in, long out, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups, boolean bias,
               long[] outputPadding);
    }

    private final Factory<T> factory;
    private final boolean transposed;
    private final long inChannels, outChannels;
    private final long[] kernelSize;
    private long[] stride = {1}, padding = {0}, dilation = {1}, outputPadding = {0};
    private long groups = 1;
    private boolean bias = true;

    ConvBuilder(Factory<T> factory, boolean transposed, long inChannels, long outChannels, long... kernelSize) {
        this.factory = factory;
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
    }

    public ConvBuilder<T> stride(long... v) { stride = v.clone(); return this; }
    public ConvBuilder<T> padding(long... v) { padding = v.clone(); return this; }
    public ConvBuilder<T> dilation(long... v) { dilation = v.clone(); return this; }
    public ConvBuilder<T> groups(long v) { groups = v; return this; }
    public ConvBuilder<T> bias(boolean v) { bias = v; return this; }

    public ConvBuilder<T> outputPadding(long... v) {
        if (!transposed) throw new IllegalArgumentException("output_padding is an option of the transposed convolutions only");
        outputPadding = v.clone();
        return this;
    }

    public T build() { return factory.make(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, outputPadding); }
}
