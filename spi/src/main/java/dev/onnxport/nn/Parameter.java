package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * A named slot of a module holding a parameter or buffer tensor. Layers read {@link #get()} on every
 * call, so {@link Module#loadStateDict} can swap in loaded (possibly memory-mapped) tensors without copying.
 */
public final class Parameter {
    private final boolean buffer;
    private Tensor tensor;

    Parameter(Tensor tensor, boolean buffer) {
        this.tensor = tensor;
        this.buffer = buffer;
    }

    /** The current tensor (null for an absent optional parameter such as {@code bias=False}). */
    public Tensor get() { return tensor; }
    public void set(Tensor t) { this.tensor = t; }
    public boolean isBuffer() { return buffer; }
}
