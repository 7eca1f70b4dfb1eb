package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/** {@code nn.Unflatten(dim, unflattened_size)}: dim {@code dim} becomes the given sizes (one may be -1). */
public final class Unflatten extends UnaryModule {
    private final long dim;
    private final long[] sizes;

    public Unflatten(long dim, long... unflattenedSize) {
        if (unflattenedSize.length == 0) throw new IllegalArgumentException("Unflatten: unflattened_size must not be empty");
        this.dim = dim;
        this.sizes = unflattenedSize.clone();
    }

    @Override
    protected Tensor compute(Tensor x) {
        int n = x.dim();
        int d = (int) (dim < 0 ? dim + n : dim);
        if (d < 0 || d >= n) throw new IllegalArgumentException("Unflatten: dim " + dim + " out of range for " + x);
        SymInt[] shape = new SymInt[n - 1 + sizes.length];
        int k = 0;
        for (int i = 0; i < d; i++) shape[k++] = x.symSize(i);
        for (long s : sizes) shape[k++] = SymInt.of(s);
        for (int i = d + 1; i < n; i++) shape[k++] = x.symSize(i);
        return F.reshape(x, shape);
    }
}
