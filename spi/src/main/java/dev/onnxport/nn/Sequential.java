package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.Sequential}: children applied in order, named "0", "1", ... or, as PyTorch's
 * {@code Sequential(OrderedDict(...))}, by the names given ({@link #Sequential(Map)}, {@link #add(String, Module)}),
 * which are then their state-dict prefixes ({@code features.conv.weight}). Each child must take one tensor and
 * return one ({@link UnaryModule}s, or any module whose {@code invoke} does).
 */
public final class Sequential extends UnaryModule {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Children under the map's names, in its iteration order (use a {@code LinkedHashMap}). */
    public Sequential(Map<String, ? extends Module> named) {
        for (Map.Entry<String, ? extends Module> e : named.entrySet()) add(e.getKey(), e.getValue());
    }

    /** Appends a layer under the next index name (its position); returns this. */
    public Sequential add(Module m) { return add(Integer.toString(layers.size()), m); }

    /** Appends a layer under {@code name} (PyTorch's {@code add_module}); returns this. */
    public Sequential add(String name, Module m) {
        registerModule(name, m);
        layers.add(m);
        return this;
    }

    public Module get(int i) { return layers.get(i); }

    /** The child named {@code name}; fails naming the children when there is none. */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) throw new IllegalArgumentException("Sequential has no child '" + name + "'; it has " + namedChildren().keySet());
        return m;
    }
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
