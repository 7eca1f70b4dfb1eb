package dev.onnxport.nn;

/**
 * Options of {@code MaxPool1d/2d/3d} by name, PyTorch's defaults otherwise:
 * {@code MaxPool3d.builder(3).stride(2).padding(1).ceilMode(true).build()}. A single number applies to every
 * dimension; stride defaults to the kernel size.
 */
public final class MaxPoolBuilder<T extends Module> {
    interface Factory<T> { T make(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode); }

    private final Factory<T> factory;
    private final long[] kernelSize;
    private long[] stride, padding = {0}, dilation = {1};
    private boolean ceilMode;

    MaxPoolBuilder(Factory<T> factory, long... kernelSize) {
        this.factory = factory;
        this.kernelSize = kernelSize.clone();
    }

    public MaxPoolBuilder<T> stride(long... v) { stride = v.clone(); return this; }
    public MaxPoolBuilder<T> padding(long... v) { padding = v.clone(); return this; }
    public MaxPoolBuilder<T> dilation(long... v) { dilation = v.clone(); return this; }
    public MaxPoolBuilder<T> ceilMode(boolean v) { ceilMode = v; return this; }

    public T build() { return factory.make(kernelSize, stride == null ? kernelSize : stride, padding, dilation, ceilMode); }
}
