package dev.onnxport.nn;

/**
 * Options of {@code AvgPool1d/2d/3d} by name, PyTorch's defaults otherwise:
 * {@code AvgPool2d.builder(3).stride(2).padding(1).countIncludePad(false).build()}. A single number applies to
 * every dimension; stride defaults to the kernel size.
 */
public final class AvgPoolBuilder<T extends Module> {
    interface Factory<T> {
        T make(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride);
    }

    private final Factory<T> factory;
    private final long[] kernelSize;
    private long[] stride, padding = {0};
    private boolean ceilMode, countIncludePad = true;
    private Long divisorOverride;

    AvgPoolBuilder(Factory<T> factory, long... kernelSize) {
        this.factory = factory;
        this.kernelSize = kernelSize.clone();
    }

    public AvgPoolBuilder<T> stride(long... v) { stride = v.clone(); return this; }
    public AvgPoolBuilder<T> padding(long... v) { padding = v.clone(); return this; }
    public AvgPoolBuilder<T> ceilMode(boolean v) { ceilMode = v; return this; }
    public AvgPoolBuilder<T> countIncludePad(boolean v) { countIncludePad = v; return this; }
    /** null: divide by the window's count (the default). */
    public AvgPoolBuilder<T> divisorOverride(Long v) { divisorOverride = v; return this; }

    public T build() {
        return factory.make(kernelSize, stride == null ? kernelSize : stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
}
