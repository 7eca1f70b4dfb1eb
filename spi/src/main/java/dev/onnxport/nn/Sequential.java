package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.Sequential}: children named "0", "1", ... applied in order. Each child must take one tensor
 * and return one ({@link UnaryModule}s, or any module whose {@code invoke} does).
 */
public final class Sequential extends UnaryModule {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer under the next index name; returns this. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int i) { return layers.get(i); }
    public int size() { return layers.size(); }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor y = x;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof UnaryModule u) {
                y = u.forward(y);
            } else if (m.invoke(y) instanceof Tensor t) {
                y = t;
            } else {
                throw new IllegalStateException("Sequential: layer " + i + " (" + m.getClass().getSimpleName()
                        + ") did not return a single tensor");
            }
        }
        return y;
    }
}
