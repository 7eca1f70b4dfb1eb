package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.shapes.ShapeEngine;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The {@link SymbolicContext} of one aten node. Inputs are converted on demand: tensors as they are,
 * traced constants to ONNX constants (Long as int64, Double as float32, Boolean as bool, lists as 1-D
 * tensors), lists of SymInts to a 1-D int64 tensor built with Unsqueeze and Concat.
 */
final class NodeContext implements SymbolicContext {
    private final Lowering lowering;
    private final Node node;
    private final List<Node> createdNodes = new ArrayList<>();
    private final List<String> createdInitializers = new ArrayList<>();
    private final Set<Value> createdValues = Collections.newSetFromMap(new IdentityHashMap<>());

    NodeContext(Lowering lowering, Node node) {
        this.lowering = lowering;
        this.node = node;
    }

    @Override public int opset() { return lowering.opset; }
    @Override public Node node() { return node; }
    @Override public boolean training() { return lowering.context.training(); }

    @Override
    public Value input(int i) {
        return convert(node.input(i), i);
    }

    private Value convert(Value v, int i) {
        Node p = v.producer();
        if (p == null) return v;
        if (p.isConstant()) {
            Object c = p.constantValue();
            if (c instanceof Tensor t) return lowering.convertedConstant(v, t, this);
            if (c == null) throw error("argument " + argName(i) + " is None where a value is needed", "pass a value");
            return constant(asTensor(c, i));
        }
        if (p.kind().equals(Node.LIST_CONSTRUCT)) return listAsTensor(p, i);
        return v;
    }

    private Tensor asTensor(Object c, int i) {
        if (c instanceof Long l) return Tensor.scalar(l);
        if (c instanceof Double d) return Tensor.scalar(d, DType.FLOAT32);
        if (c instanceof Boolean b) return Tensor.of(new boolean[] {b}, new long[0]);
        if (c instanceof long[] a) return Tensor.of(a.clone(), a.length);
        if (c instanceof double[] a) {
            float[] f = new float[a.length];
            for (int k = 0; k < a.length; k++) f[k] = (float) a[k];
            return Tensor.of(f, a.length);
        }
        throw error("argument " + argName(i) + " (" + c + ") cannot be an ONNX tensor", "use a tensor, number or number list");
    }

    /** A list of ints, some of them dynamic: constant runs and unsqueezed SymInts, concatenated. */
    private Value listAsTensor(Node list, int i) {
        if (list.output().type().kind() == Type.Kind.TENSOR_LIST) {
            throw error("argument " + argName(i) + " is a tensor list", "read it with listInput");
        }
        Object all = constantList(list);
        if (all instanceof long[] a) return constantLongs(a);
        List<Value> parts = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        for (Value e : list.inputs()) {
            Node p = e.producer();
            if (p != null && p.isConstant() && p.constantValue() instanceof Long l) {
                run.add(l);
                continue;
            }
            if (!run.isEmpty()) {
                parts.add(constantLongs(run.stream().mapToLong(Long::longValue).toArray()));
                run.clear();
            }
            Value x = convert(e, i);
            if (x.type() != null && x.type().isTensor() && x.type().dtype() != DType.INT64) {
                x = op("Cast", x).attr("to", (long) DType.INT64.onnxCode()).output();
            }
            if (x.type() == null || !x.type().hasShape() || x.type().rank() == 0) {
                x = opset() >= 13 ? op("Unsqueeze", x, constantLongs(0)).output()
                        : op("Unsqueeze", x).attr("axes", new long[] {0}).output();
            }
            parts.add(x);
        }
        if (!run.isEmpty()) parts.add(constantLongs(run.stream().mapToLong(Long::longValue).toArray()));
        return parts.size() == 1 ? parts.get(0) : op("Concat", parts.toArray(new Value[0])).attr("axis", 0L).output();
    }

    /** long[] or double[] when every element of a ListConstruct is a constant number, else null. */
    private static Object constantList(Node list) {
        int n = list.inputs().size();
        long[] longs = new long[n];
        double[] doubles = new double[n];
        boolean allLong = true;
        for (int k = 0; k < n; k++) {
            Node p = list.input(k).producer();
            if (p == null || !p.isConstant() || !(p.constantValue() instanceof Number num)) return null;
            allLong &= num instanceof Long;
            longs[k] = num.longValue();
            doubles[k] = num.doubleValue();
        }
        return allLong ? longs : doubles;
    }

    @Override
    public boolean isConstant(int i) {
        Node p = node.input(i).producer();
        if (p == null) return false;
        if (p.isConstant()) return true;
        return p.kind().equals(Node.LIST_CONSTRUCT) && constantList(p) != null;
    }

    @Override
    public boolean isNone(int i) {
        Node p = node.input(i).producer();
        return p != null && p.isConstant() && p.constantValue() == null;
    }

    @Override
    public Object constant(int i) {
        Node p = node.input(i).producer();
        if (p != null && p.isConstant()) return p.constantValue();
        if (p != null && p.kind().equals(Node.LIST_CONSTRUCT)) {
            Object l = constantList(p);
            if (l != null) return l;
        }
        throw error("argument " + argName(i) + " must be known during export but is computed from the inputs",
                "compute it from constants, or export with a symbolic function that takes it as a tensor");
    }

    @Override
    public Value[] listInput(int i) {
        Node p = node.input(i).producer();
        if (p == null || !p.kind().equals(Node.LIST_CONSTRUCT)) {
            throw error("argument " + argName(i) + " is not a list", "pass a list");
        }
        Value[] out = new Value[p.inputs().size()];
        for (int k = 0; k < out.length; k++) {
            Value e = p.input(k);
            Node ep = e.producer();
            out[k] = ep != null && ep.isConstant() && ep.constantValue() == null ? null : convert(e, i);
        }
        return out;
    }

    @Override public Type type(Value v) { return v.type(); }

    @Override public NodeBuilder op(String opType, Value... inputs) { return new Builder("onnx", opType, inputs); }

    @Override public NodeBuilder op(String domain, String opType, Value... inputs) {
        return new Builder(domain.isEmpty() || domain.equals("ai.onnx") ? "onnx" : domain, opType, inputs);
    }

    @Override public Value constant(Tensor t) { return lowering.constant(t, this); }

    @Override public Value constantLongs(long... values) { return constant(Tensor.of(values.clone(), values.length)); }

    @Override
    public RuntimeException error(String what, String how) {
        String op = node.op() != null ? node.op().qualifiedName() : node.kind();
        String scope = node.scope() == null || node.scope().name().isEmpty() ? "the root module" : "module " + node.scope().name();
        return new SymbolicValueError("ONNX export of " + op + " (in " + scope + ", at "
                + (node.source() == null ? "unknown source" : node.source()) + ", opset " + opset() + "): " + what
                + ". How to fix: " + how);
    }

    private String argName(int i) {
        return node.op() != null && i < node.op().schema().arguments().size()
                ? "'" + node.op().schema().arguments().get(i).name() + "'" : "#" + i;
    }

    // ---- bookkeeping for rollback and typing -----------------------------------------------------

    boolean created(Value v) { return createdValues.contains(v); }

    void createdNode(Node n) {
        createdNodes.add(n);
        createdValues.addAll(n.outputs());
    }

    void createdInitializer(String name) { createdInitializers.add(name); }

    /** Removes what this context built (its symbolic function gave up). */
    void rollback() {
        for (int k = createdNodes.size() - 1; k >= 0; k--) {
            Node n = createdNodes.get(k);
            if (n.owner() != null) n.owner().remove(n);
        }
        for (String name : createdInitializers) lowering.graph.removeInitializer(name);
    }

    /** Builds one node right before the aten node, typed by the lowering's {@link ShapeEngine} and validated. */
    private final class Builder implements NodeBuilder {
        private final String kind;
        private final Value[] inputs;
        private final Map<String, Object> attrs = new java.util.TreeMap<>();

        Builder(String domain, String opType, Value[] inputs) {
            this.kind = domain + "::" + opType;
            this.inputs = inputs.clone();
        }

        @Override
        public NodeBuilder attr(String name, Object value) {
            attrs.put(name, normalize(value));
            return this;
        }

        private Object normalize(Object v) {
            if (v instanceof Integer i) return i.longValue();
            if (v instanceof Boolean b) return b ? 1L : 0L;
            if (v instanceof Float f) return f.doubleValue();
            if (v instanceof int[] a) return java.util.Arrays.stream(a).asLongStream().toArray();
            if (v instanceof DType d) return (long) d.onnxCode();
            return v;
        }

        @Override public Value output() { return outputs(1)[0]; }

        @Override
        public Value[] outputs(int count) {
            Node n = node.owner().insertBefore(node, kind, null);
            n.setScope(node.scope()).setSource(node.source());
            for (Value v : inputs) n.addInput(v);
            attrs.forEach(n::setAttr);
            for (int k = 0; k < count; k++) n.addOutput(null);
            Type[] types = lowering.shapes.types(n);
            for (int k = 0; k < count; k++) n.outputs().get(k).setType(types[k]);
            createdNode(n);
            if (kind.startsWith("onnx::")) SchemaValidator.validate(n, opset());
            return n.outputs().toArray(new Value[0]);
        }
    }
}
