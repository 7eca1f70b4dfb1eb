package dev.onnxport.nn;

/**
 * Options of {@code BatchNorm1d/2d} and {@code InstanceNorm2d} by name, the layer's PyTorch defaults otherwise:
 * {@code BatchNorm2d.builder(64).eps(1e-3).momentum(0.01).build()}. A null momentum is PyTorch's {@code momentum=None}
 * (a cumulative average; batch norms only).
 */
public final class NormBuilder<T extends Module> {
    interface Factory<T> { T make(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats); }

    private final Factory<T> factory;
    private final long numFeatures;
    private double eps = 1e-5;
    private Double momentum = 0.1;
    private boolean affine, trackRunningStats;

    NormBuilder(Factory<T> factory, long numFeatures, boolean affine, boolean trackRunningStats) {
        this.factory = factory;
        this.numFeatures = numFeatures;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
    }

    public NormBuilder<T> eps(double v) { eps = v; return this; }
    public NormBuilder<T> momentum(Double v) { momentum = v; return this; }
    public NormBuilder<T> affine(boolean v) { affine = v; return this; }
    public NormBuilder<T> trackRunningStats(boolean v) { trackRunningStats = v; return this; }

    public T build() { return factory.make(numFeatures, eps, momentum, affine, trackRunningStats); }
}
