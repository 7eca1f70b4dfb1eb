package dev.onnxport.zoo.vision;

import dev.onnxport.nn.Module;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.Sequential(OrderedDict(...))}, local to the zoo until the nn package has one: children under the given
 * names (or "0", "1", ... through {@link #add(UnaryModule)}), applied in order.
 */
final class NamedSequential extends UnaryModule {
    private final List<UnaryModule> layers = new ArrayList<>();

    NamedSequential add(String name, UnaryModule m) {
        registerModule(name, m);
        layers.add(m);
        return this;
    }

    NamedSequential add(UnaryModule m) { return add(Integer.toString(layers.size()), m); }

    Module get(int i) { return layers.get(i); }

    int size() { return layers.size(); }

    @Override
    protected Tensor compute(Tensor x) {
        for (UnaryModule m : layers) x = m.forward(x);
        return x;
    }
}
