package dev.onnxport.trace;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.Dispatcher;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.SizeTracer;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a model once and records every operator call into a {@link Graph}: parameters and buffers
 * become initializers under their state-dict names, non-tensor arguments become constants, and each
 * node keeps its module scope and Java source line. Tracing state is confined to the calling thread,
 * so several threads can trace at once.
 */
public final class Tracer {
    private Tracer() {}

    private static final ThreadLocal<TracingState> CURRENT = new ThreadLocal<>();

    // The layers below call these hooks, not this class: tracing starts here, so they are in place before it does.
    static {
        Dispatcher.installHook(Tracer::dispatch);
        SizeTracer.install(new SizeTracer() {
            @Override public SymInt symSize(Tensor t, int dim) { return Tracer.symSize(t, dim); }
            @Override public SymInt intOp(String op, SymInt a, SymInt b, long result) { return Tracer.intOp(op, a, b, result); }
            @Override public void valueRead(Tensor t, String how) { Tracer.valueRead(t, how); }
        });
    }

    /** Traces {@code model.invoke(inputs)}. */
    public static Graph trace(TracedModel model, Tensor... inputs) {
        return trace(model, TraceOptions.defaults(), in -> model.invoke(in), inputs);
    }

    public static Graph trace(TracedModel model, TraceOptions options, Tensor... inputs) {
        return trace(model, options, in -> model.invoke(in), inputs);
    }

    /**
     * Traces {@code forward} applied to {@code inputs}. {@code model} supplies parameter names and module
     * scopes; {@code forward} returns a Tensor, an array or a collection of them (nested ones are flattened).
     */
    public static Graph trace(TracedModel model, TraceOptions options, Function<Tensor[], Object> forward, Tensor... inputs) {
        if (CURRENT.get() != null) throw new IllegalStateException("this thread is already tracing; traces cannot nest");
        Map<Tensor, String> params = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) params.putIfAbsent(e.getValue(), e.getKey());
        Map<Object, String> modules = new IdentityHashMap<>();
        for (Map.Entry<String, ?> e : model.namedModules().entrySet()) modules.putIfAbsent(e.getValue(), e.getKey());

        Graph g = new Graph(options.graphName());
        TracingState st = new TracingState(g, params, modules);
        st.strict = options.strict();
        Tensor[] traced = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (params.containsKey(inputs[i])) throw new IllegalArgumentException("input " + i + " is a parameter of the model");
            Tensor in = options.shapeOnly() ? inputs[i].toMeta() : inputs[i];
            // The same tensor passed twice is two graph inputs: trace the second through its own alias.
            if (st.lookup(in) != null) in = in.asStrided(in.shape(), in.strides(), in.offset());
            traced[i] = in;
            String name = i < options.inputNames().size() ? options.inputNames().get(i) : "input" + i;
            st.bind(in, g.addInput(name, Type.tensor(in.dtype(), in.shape())));
        }
        CURRENT.set(st);
        try {
            st.scope = new Scope(Scope.ROOT, "", model.getClass().getSimpleName());
            List<Tensor> outs = Tensors.flatten(forward.apply(traced));
            st.scope = Scope.ROOT;
            st.setOutputs(outs, options.outputNames());
        } finally {
            CURRENT.remove();
        }
        for (int i = 0; i < options.outputNames().size() && i < g.outputs().size(); i++) {
            if (g.outputs().get(i).name() == null) g.outputs().get(i).setName(options.outputNames().get(i));
        }
        checkNames(g);
        return g;
    }

    /** Input and output names share one namespace with the state-dict names of the initializers. */
    private static void checkNames(Graph g) {
        Map<String, Value> byName = new HashMap<>(g.initializers());
        List<Value> named = new ArrayList<>(g.inputs());
        named.addAll(g.outputs());
        for (Value v : named) {
            if (v.name() == null) continue;
            Value prev = byName.putIfAbsent(v.name(), v);
            if (prev != null && prev != v) {
                throw new IllegalArgumentException("two values of graph '" + g.name() + "' are named '" + v.name()
                        + "' (inputs, outputs and parameter names share one namespace); choose other input or output names");
            }
        }
    }

    /** True while this thread is tracing. */
    public static boolean isTracing() { return CURRENT.get() != null; }

    // ---- control flow (nn.F.cond, whileLoop, fori, scan) ------------------------------------------------

    /** True while this thread is tracing and an operator call made now would be recorded. */
    public static boolean isRecording() {
        TracingState st = CURRENT.get();
        return st != null && st.depth == 0;
    }

    /** Runs {@code body} without recording anything (the eager iterations of a loop whose body is already recorded). */
    public static <R> R untraced(Supplier<R> body) {
        TracingState st = CURRENT.get();
        if (st == null) return body.get();
        st.depth++;
        try {
            return body.get();
        } finally {
            st.depth--;
        }
    }

    /**
     * Records a control-flow node of {@code kind} ({@code prim::If}, {@code prim::Loop}, {@code prim::Scan}) reading
     * {@code inputs}, in the current block; its bodies are added with {@link #recordBlock} and its outputs with
     * {@link #finishControlFlow}. Only while {@link #isRecording}.
     */
    public static Node controlFlow(String kind, Tensor... inputs) {
        TracingState st = recording();
        Value[] ins = new Value[inputs.length];
        for (int i = 0; i < ins.length; i++) ins[i] = st.valueOf(inputs[i]);
        Node n = st.newNode(kind, null);
        for (Value v : ins) n.addInput(v);
        return n;
    }

    /**
     * Adds a block to {@code node} and records {@code body} into it: {@code standIns} (fresh tensors, not known to the
     * trace) become the block inputs, typed {@code inputTypes}; outer tensors read by the body are read by reference.
     * The results of the body become the block outputs; returns them (their eager values).
     */
    public static Tensor[] recordBlock(Node node, Tensor[] standIns, Type[] inputTypes, Function<Tensor[], Tensor[]> body) {
        TracingState st = recording();
        Block outer = st.current;
        Block b = node.addBlock();
        Scope scope = st.scope;
        st.enter(b);
        try {
            for (int i = 0; i < standIns.length; i++) st.bind(standIns[i], b.addInput(inputTypes[i]));
            Tensor[] results = body.apply(standIns);
            for (Tensor r : results) b.addOutput(st.valueOf(r));
            return results;
        } finally {
            st.exit(outer);
            st.scope = scope;
        }
    }

    /**
     * Gives {@code node} one output per result, typed {@code types}; returns new tensors (views of the results) that
     * stand for those outputs in the rest of the trace.
     */
    public static Tensor[] finishControlFlow(Node node, Tensor[] results, Type[] types) {
        TracingState st = recording();
        Tensor[] out = new Tensor[results.length];
        for (int i = 0; i < results.length; i++) {
            Tensor r = results[i];
            out[i] = r.asStrided(r.shape(), r.strides(), r.offset());
            st.bind(out[i], node.addOutput(types[i]));
        }
        return out;
    }

    private static TracingState recording() {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0) throw new IllegalStateException("not recording a trace on this thread");
        return st;
    }

    /** Runs an op: computes it, and records it when this is an outermost call during tracing. */
    public static Tensor[] dispatch(OpDef op, Args args) {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0) return Dispatcher.compute(op, args);
        Tensor[] outs;
        st.depth++;
        try {
            outs = Dispatcher.compute(op, args);
        } finally {
            st.depth--;
        }
        st.record(op, args, outs);
        return outs;
    }

    /** Runs {@code body} as a call of {@code module}: nodes recorded inside carry its scope. */
    public static <R> R inScope(Object module, Supplier<R> body) {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0) return body.get();
        Scope saved = st.scope;
        String name = st.moduleNames.get(module);
        if (name == null) name = saved.name().isEmpty() ? module.getClass().getSimpleName() : saved.name() + "." + module.getClass().getSimpleName();
        st.scope = new Scope(saved, name, module.getClass().getSimpleName());
        try {
            return body.get();
        } finally {
            st.scope = saved;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tracer.class);
    /** Source lines already warned about (torch's TracerWarning: once per location). */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A traced tensor computed from the inputs read as Java values by user code (not by a kernel): its value for the
     * example inputs is baked into the trace. Warns once per source line, or fails in a strict trace.
     */
    static void valueRead(Tensor t, String how) {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0) return;
        Value v = st.lookup(t);
        if (v == null || v.isInitializer() || v.producer() != null && v.producer().isConstant()) {
            return;   // not computed from the inputs
        }
        dev.onnxport.ir.SourceLocation at = SourceLocations.caller();
        String where = at == null ? "an unknown source line" : at.toString();
        String msg = "a traced tensor was converted to a Java value with " + how + " at " + where + ": the trace keeps the "
                + "value it had for the example inputs, so the exported model behaves as if the inputs were always those. "
                + "If it decides a branch or a loop, use F.cond, F.whileLoop or F.fori; if it is a size, use Tensor.symSize";
        if (st.strict) throw new dev.onnxport.errors.OnnxExporterError(msg + " (strict tracing makes this an error)");
        if (WARNED.add(where)) LOG.warn("TracerWarning: {}", msg);
    }

    /** See {@link Tensor#symSize}. */
    public static SymInt symSize(Tensor t, int dim) {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0) return SymInt.of(t.size(dim));
        return st.size(AtenOps.registry().get("aten::size.int"), t, dim);
    }

    /** Arithmetic on SymInts, recorded when either side is symbolic. */
    public static SymInt intOp(String op, SymInt a, SymInt b, long result) {
        TracingState st = CURRENT.get();
        if (st == null || st.depth > 0 || (!a.isSymbolic() && !b.isSymbolic())) return SymInt.of(result);
        return st.intOp(AtenOps.registry().get(op), a, b, result);
    }
}
