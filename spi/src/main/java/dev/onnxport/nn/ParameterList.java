package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.ParameterList}: parameters named "0", "1", ... (state-dict keys {@code scales.0}), read by the owner with
 * {@link #get}, which always gives the current (possibly loaded) tensor.
 */
public final class ParameterList extends Module {
    private final List<Parameter> items = new ArrayList<>();

    public ParameterList(Tensor... parameters) {
        for (Tensor t : parameters) add(t);
    }

    public ParameterList add(Tensor t) {
        if (t == null) throw new IllegalArgumentException("ParameterList: a parameter must not be null");
        items.add(registerParameter(Integer.toString(items.size()), t));
        return this;
    }

    public Tensor get(int i) { return items.get(i).get(); }
    public int size() { return items.size(); }
}
