package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/** {@code nn.GELU(approximate="none"|"tanh")}. */
public final class GELU extends UnaryModule {
    private final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override protected Tensor compute(Tensor x) { return F.gelu(x, approximate); }
}
