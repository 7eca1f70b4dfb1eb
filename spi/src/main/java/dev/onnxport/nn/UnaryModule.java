package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** A layer with one tensor input and one tensor output; {@link #forward} runs {@link #compute} in the module's scope. */
public abstract class UnaryModule extends Module {
    protected UnaryModule() {}

    public Tensor forward(Tensor x) { return scoped(() -> compute(x)); }

    /** The layer's function; called by {@link #forward} inside the module scope. */
    protected abstract Tensor compute(Tensor x);

    @Override
    public Object invoke(Tensor... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes 1 input, got " + inputs.length);
        }
        return forward(inputs[0]);
    }
}
