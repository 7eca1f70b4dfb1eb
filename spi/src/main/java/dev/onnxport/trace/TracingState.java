package dev.onnxport.trace;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.SourceLocation;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.ArgType;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.Schema;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The state of one trace, confined to the tracing thread: graph under construction and tensor-to-value map. */
final class TracingState {
    final Graph graph;
    /** Tensor-to-value maps, outermost first: one per block being recorded (inner bodies see outer values by reference). */
    private final java.util.ArrayList<Map<Tensor, Value>> frames = new java.util.ArrayList<>(List.of(new IdentityHashMap<>()));
    /** The block nodes are recorded into: the graph body, or the body of a control-flow node being traced. */
    dev.onnxport.ir.Block current;
    final Map<Tensor, String> parameterNames;
    final Map<Object, String> moduleNames;
    Scope scope = Scope.ROOT;
    int depth;
    /** Reading a traced value as a Java value fails instead of warning. */
    boolean strict;

    TracingState(Graph graph, Map<Tensor, String> parameterNames, Map<Object, String> moduleNames) {
        this.graph = graph;
        this.parameterNames = parameterNames;
        this.moduleNames = moduleNames;
        this.current = graph.body();
    }

    /** The value of {@code t} in the innermost block that knows it, or null. */
    Value lookup(Tensor t) {
        for (int k = frames.size() - 1; k >= 0; k--) {
            Value v = frames.get(k).get(t);
            if (v != null) return v;
        }
        return null;
    }

    /** Binds {@code t} to {@code v} in the current block. */
    void bind(Tensor t, Value v) { frames.get(frames.size() - 1).put(t, v); }

    /** Starts recording into {@code b}: tensors made inside are known only inside it. */
    void enter(dev.onnxport.ir.Block b) {
        frames.add(new IdentityHashMap<>());
        current = b;
    }

    /** Stops recording into the current block; recording continues in {@code outer}. */
    void exit(dev.onnxport.ir.Block outer) {
        frames.remove(frames.size() - 1);
        current = outer;
    }

    /** The graph value for a tensor: known value, new initializer for a parameter, or a new constant. */
    Value valueOf(Tensor t) {
        Value v = lookup(t);
        if (v != null) return v;
        String param = parameterNames.get(t);
        if (param != null) {
            v = graph.addInitializer(param, t);
        } else if (t.isMeta()) {
            throw new IllegalStateException("a meta tensor " + t + " reached an operator but does not come from the "
                    + "traced inputs; create tensors inside forward() through operators (Torch.zeros, ...)");
        } else {
            Node c = newNode(Node.CONSTANT, null);
            c.setAttr("value", t);
            v = c.addOutput(Type.tensor(t.dtype(), t.shape()));
        }
        bind(t, v);
        return v;
    }

    Node newNode(String kind, OpDef op) {
        Node n = current.append(kind, op);
        n.setScope(scope);
        n.setSource(SourceLocations.caller());
        return n;
    }

    Value constant(Object value, Type type) {
        Node c = newNode(Node.CONSTANT, null);
        if (value != null) c.setAttr("value", value);
        return c.addOutput(type);
    }

    /** Records one operator call with its (already computed) outputs. */
    void record(OpDef op, Args args, Tensor[] outs) {
        Schema s = op.schema();
        Value[] ins = new Value[args.size()];
        for (int i = 0; i < ins.length; i++) ins[i] = argValue(s.arguments().get(i).type(), args.raw(i));
        Node n = newNode(s.opName(), op);
        for (Value v : ins) n.addInput(v);
        for (Tensor t : outs) {
            Value v = n.addOutput(Type.tensor(t.dtype(), t.shape()));
            bind(t, v);
        }
    }

    private Value argValue(ArgType type, Object v) {
        if (v instanceof Tensor t) return valueOf(t);
        if (v instanceof Tensor[] ts) {
            Value[] elems = new Value[ts.length];
            for (int i = 0; i < ts.length; i++) elems[i] = ts[i] == null ? constant(null, Type.NONE) : valueOf(ts[i]);
            return list(elems, Type.TENSOR_LIST);
        }
        if (v instanceof SymInt si) return si.isSymbolic() ? (Value) si.traced() : constant(si.value(), Type.INT);
        if (v instanceof SymInt[] sis) {
            Value[] elems = new Value[sis.length];
            for (int i = 0; i < sis.length; i++) {
                elems[i] = sis[i].isSymbolic() ? (Value) sis[i].traced() : constant(sis[i].value(), Type.INT);
            }
            return list(elems, Type.INT_LIST);
        }
        return constant(v, constantType(type, v));
    }

    private Value list(Value[] elems, Type type) {
        Node n = newNode(Node.LIST_CONSTRUCT, null);
        for (Value e : elems) n.addInput(e);
        return n.addOutput(type);
    }

    static Type constantType(ArgType type, Object v) {
        if (v == null) return Type.NONE;
        if (v instanceof Boolean) return Type.BOOL;
        if (v instanceof Double) return Type.FLOAT;
        if (v instanceof Long) return Type.INT;
        if (v instanceof String) return Type.STR;
        if (v instanceof DType) return Type.SCALAR_TYPE;
        if (v instanceof long[]) return Type.INT_LIST;
        if (v instanceof double[]) return Type.FLOAT_LIST;
        if (v instanceof Boolean[]) return Type.BOOL_LIST;
        return Type.OTHER;
    }

    SymInt intOp(OpDef op, SymInt a, SymInt b, long result) {
        Value va = a.isSymbolic() ? (Value) a.traced() : constant(a.value(), Type.INT);
        Value vb = b.isSymbolic() ? (Value) b.traced() : constant(b.value(), Type.INT);
        Node n = newNode(op.schema().opName(), op);
        n.addInput(va).addInput(vb);
        return new SymInt(result, n.addOutput(Type.INT));
    }

    SymInt size(OpDef sizeOp, Tensor t, int dim) {
        Value tv = lookup(t);
        if (tv == null || tv.isInitializer()) return SymInt.of(t.size(dim));
        Value d = constant((long) dim, Type.INT);  // defined before the node that reads it
        Node n = newNode(sizeOp.schema().opName(), sizeOp);
        n.addInput(tv).addInput(d);
        return new SymInt(t.size(dim), n.addOutput(Type.INT));
    }

    void setOutputs(List<Tensor> outs, List<String> names) {
        for (int i = 0; i < outs.size(); i++) {
            Value v = valueOf(outs.get(i));
            graph.addOutput(v);
        }
    }
}
