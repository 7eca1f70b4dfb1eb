package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TracedModel;
import dev.onnxport.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Base class of layers and models, like PyTorch's {@code nn.Module}: named children, parameters and
 * buffers (state-dict names follow PyTorch: {@code layer1.0.conv1.weight}), train/eval mode, and
 * state-dict save/load.
 *
 * <p>Subclasses write typed {@code forward} methods whose body runs inside {@link #scoped}, so that
 * traced nodes carry the module's scope:
 * <pre>{@code
 * public Tensor forward(Tensor x) { return scoped(() -> F.relu(fc.forward(x))); }
 * }</pre>
 * and override {@link #invoke} so the tracer and exporter can call the model with positional tensors.
 */
public abstract class Module implements TracedModel {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Parameter> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Runs the module on positional tensor inputs and returns a Tensor, an array or a list of tensors.
     * Models that are traced or exported override it, usually by calling their typed forward.
     */
    public Object invoke(Tensor... inputs) {
        throw new UnsupportedOperationException(getClass().getName() + " does not override invoke(Tensor...), "
                + "so it cannot be traced by itself; override it to call forward, or pass a lambda to Tracer.trace");
    }

    /**
     * {@link #invoke} for a model with one output: that tensor, without a cast. A model returning several
     * fails, naming how many; use {@link #invokeAll}.
     */
    public final Tensor invokeOne(Tensor... inputs) {
        List<Tensor> out = invokeAll(inputs);
        if (out.size() != 1) {
            throw new IllegalStateException(getClass().getSimpleName() + " returned " + out.size() + " tensors; use invokeAll");
        }
        return out.get(0);
    }

    /** {@link #invoke} with the result flattened to its list of output tensors, in order (as the exporter sees it). */
    public final List<Tensor> invokeAll(Tensor... inputs) { return dev.onnxport.tensor.Tensors.flatten(invoke(inputs)); }

    /** Runs {@code body} as a call of this module (its scope is recorded while tracing). */
    protected final <R> R scoped(Supplier<R> body) { return Tracer.inScope(this, body); }

    // ---- registration ----------------------------------------------------------------------

    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Registers a parameter; {@code tensor} may be null for an absent optional one (bias=False). */
    protected final Parameter registerParameter(String name, Tensor tensor) {
        checkName(name);
        Parameter p = new Parameter(tensor, false);
        parameters.put(name, p);
        return p;
    }

    protected final Parameter registerBuffer(String name, Tensor tensor) {
        checkName(name);
        Parameter p = new Parameter(tensor, true);
        buffers.put(name, p);
        return p;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("bad member name '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    // ---- traversal ---------------------------------------------------------------------------

    public final Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** This module (name "") and all descendants by qualified name, in registration order. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out) {
        out.put(prefix, m);
        for (Map.Entry<String, Module> c : m.children.entrySet()) {
            collectModules(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), c.getValue(), out);
        }
    }

    /** All present parameters by qualified name. */
    public final Map<String, Tensor> namedParameters() { return named(false); }

    /** All present buffers by qualified name. */
    public final Map<String, Tensor> namedBuffers() { return named(true); }

    private Map<String, Tensor> named(boolean wantBuffers) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : slots().entrySet()) {
            if (e.getValue().isBuffer() == wantBuffers && e.getValue().get() != null) out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }

    /** Parameters and buffers in PyTorch's state_dict order (per module: parameters, buffers, then children). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : slots().entrySet()) {
            if (e.getValue().get() != null) out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }

    private Map<String, Parameter> slots() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            String prefix = m.getKey().isEmpty() ? "" : m.getKey() + ".";
            for (Map.Entry<String, Parameter> p : m.getValue().parameters.entrySet()) out.put(prefix + p.getKey(), p.getValue());
            for (Map.Entry<String, Parameter> p : m.getValue().buffers.entrySet()) out.put(prefix + p.getKey(), p.getValue());
        }
        return out;
    }

    /** Number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    // ---- state dict loading ------------------------------------------------------------------

    /**
     * Loads tensors by state-dict name, strictly: every key must match a parameter or buffer of the
     * same shape, and every parameter must be given. All faults are reported at once in a
     * {@link StateDictException}, and nothing is changed when there is any. Tensors of the right dtype
     * are used as they are (a memory-mapped tensor stays mapped); others are converted.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Parameter> slots = slots();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : slots.entrySet()) {
            Tensor cur = e.getValue().get();
            Tensor given = state.get(e.getKey());
            if (given == null) {
                if (cur != null) missing.add(e.getKey());
            } else if (cur != null && !Arrays.equals(cur.shape(), given.shape())) {
                mismatched.add(e.getKey() + ": expected " + Arrays.toString(cur.shape()) + ", got " + Arrays.toString(given.shape()));
            }
        }
        for (String k : state.keySet()) {
            Parameter p = slots.get(k);
            if (p == null || p.get() == null) unexpected.add(k);
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            throw new StateDictException(getClass().getSimpleName(), missing, unexpected, mismatched);
        }
        for (Map.Entry<String, Parameter> e : slots.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given != null) e.getValue().set(given.to(e.getValue().get().dtype()));
        }
    }

    // ---- modes -------------------------------------------------------------------------------

    public final boolean isTraining() { return training; }

    /** Sets training mode on this module and all descendants; returns this. */
    public Module train(boolean on) {
        for (Module m : namedModules().values()) m.training = on;
        return this;
    }

    public Module train() { return train(true); }
    public Module eval() { return train(false); }
}
