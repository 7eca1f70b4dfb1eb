package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.DeadCodeElimination;
import dev.onnxport.onnx.fallback.Fallback;
import dev.onnxport.errors.NotExpressible;
import dev.onnxport.onnx.shapes.ShapeEngine;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One run of the ONNX lowering over a graph body, in order: each aten node is replaced by the ONNX
 * nodes its symbolic function builds (a custom one first, then the built-in table), prim nodes that end
 * up unused are dropped, and every op that could not be converted is reported in one error.
 *
 * <p>Constants: a tensor of at most {@value #CONSTANT_NODE_LIMIT} elements becomes a {@code Constant}
 * node (deduplicated by content), a larger one an initializer; below opset 9, where {@code Constant} only
 * holds floating types, other dtypes always become initializers. Both are named {@code _const_<k>}, in
 * lowering order, so the same graph always gives the same names.
 *
 * <p>A {@link Fallback} (none in the ONNX mode) is offered each node that would be reported as unsupported;
 * when it replaces the node, nothing is reported and the graph is the same as without it everywhere else.
 */
final class Lowering {
    static final int CONSTANT_NODE_LIMIT = 64;

    final Graph graph;
    final LoweringContext context;
    final int opset;
    /** Types every node the symbolic functions build; it follows shape computations across the whole graph. */
    final ShapeEngine shapes = new ShapeEngine();
    private final SymbolicTable table;
    private final Fallback fallback;
    private final Unsupported unsupported = new Unsupported();
    private final Map<String, Value> smallConstants = new HashMap<>();
    private final Map<Value, Value> convertedConstants = new IdentityHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private int constCounter;

    Lowering(Graph graph, LoweringContext context, SymbolicTable table) {
        this(graph, context, table, Fallback.NONE);
    }

    Lowering(Graph graph, LoweringContext context, SymbolicTable table, Fallback fallback) {
        this.fallback = fallback;
        this.graph = graph;
        this.context = context;
        this.opset = context.opset();
        this.table = table;
        usedNames.addAll(graph.initializers().keySet());
        for (Value v : graph.inputs()) if (v.name() != null) usedNames.add(v.name());
        for (Value v : graph.outputs()) if (v.name() != null) usedNames.add(v.name());
    }

    void run() {
        lowerBlock(graph.body());
        constantOutputs();
        // the traced constants and lists whose values went into attributes; other dead nodes are the ONNX passes' business
        DeadCodeElimination.removeDeadNodes(graph, n -> n.kind().startsWith("prim::") || n.kind().equals("onnx::Constant"));
        if (!unsupported.isEmpty()) throw unsupported.error(opset);
        for (Node n : graph.allNodes()) {
            if (n.kind().startsWith("aten::") || n.kind().startsWith("prim::")) {
                throw new IllegalStateException("ONNX lowering left " + n + " in the graph (at " + n.source() + ")");
            }
        }
    }

    /** Lowers the nodes of {@code b} in order; control-flow nodes lower their bodies first (see {@link ControlFlowLowering}). */
    void lowerBlock(Block b) {
        for (Node n : new ArrayList<>(b.nodes())) {
            if (ControlFlowLowering.handles(n)) {
                new ControlFlowLowering(this, n).lower();
                continue;
            }
            if (n.kind().startsWith("prim::") || n.kind().startsWith("onnx::")) continue;
            lowerNode(n);
        }
    }

    private void lowerNode(Node n) {
        String qualified = n.op() != null ? n.op().qualifiedName() : n.kind();
        SymbolicFunction fn = context.customSymbolics().get(qualified, opset);
        if (fn == null) fn = context.customSymbolics().get(n.kind(), opset);
        if (fn == null) fn = table.get(qualified, opset);
        if (fn == null) {
            OptionalInt from = table.lowestOpset(qualified);
            unsupported(n, qualified, from.orElse(0), from.isPresent() ? null : "no symbolic function", null);
            return;
        }
        NodeContext c = new NodeContext(this, n);
        Value[] outs;
        try {
            outs = fn.lower(c);
        } catch (NotExpressible e) {
            c.rollback();
            unsupported(n, qualified, e.fromOpset(), e.getMessage(), e);
            return;
        } catch (SymbolicValueError e) {
            if (fallback == Fallback.NONE) throw e;
            c.rollback();
            unsupported(n, qualified, 0, e.getMessage(), e);
            return;
        }
        replace(n, outs, c);
    }

    /** Offers {@code n} to the fallback; reports it as unsupported when the fallback does not replace it. */
    private void unsupported(Node n, String qualified, int fromOpset, String reason, SymbolicValueError cause) {
        if (fallback != Fallback.NONE) {
            Block owner = n.owner();
            List<Node> nodes = owner.nodes();
            int at = nodes.indexOf(n);
            Node before = at > 0 ? nodes.get(at - 1) : null;
            Node after = at + 1 < nodes.size() ? nodes.get(at + 1) : null;
            try {
                if (fallback.lower(n, context, cause)) {
                    tensorConstantInputs(owner, before, after);
                    return;
                }
            } catch (SymbolicValueError refusal) {
                reason = (reason == null ? "" : reason + "; ") + "fallback refused: " + refusal.getMessage();
            }
        }
        unsupported.add(n, qualified, fromOpset, reason);
    }

    /** Traced tensor constants read by the nodes a fallback made (between {@code before} and {@code after}) become ONNX constants. */
    private void tensorConstantInputs(Block owner, Node before, Node after) {
        List<Node> nodes = owner.nodes();
        int from = before == null ? 0 : nodes.indexOf(before) + 1;
        int to = after == null ? nodes.size() : nodes.indexOf(after);
        for (Node made : new ArrayList<>(nodes.subList(from, to))) {
            for (int i = 0; i < made.inputs().size(); i++) {
                Value v = made.input(i);
                if (v != null && v.producer() != null && v.producer().isConstant() && v.producer().constantValue() instanceof Tensor t) {
                    made.replaceInput(i, convertedConstant(v, t, new NodeContext(this, made)));
                }
            }
        }
    }

    private void replace(Node n, Value[] outs, NodeContext c) {
        String where = n.op() != null ? n.op().qualifiedName() : n.kind();
        if (outs == null || outs.length != n.outputs().size()) {
            throw new IllegalStateException("symbolic function of " + where + " at opset " + opset + " returned "
                    + (outs == null ? "null" : outs.length + " values") + " for " + n.outputs().size() + " outputs");
        }
        for (int j = 0; j < outs.length; j++) {
            Value aten = n.outputs().get(j);
            Value r = outs[j];
            Type t = aten.type();
            if (t.isTensor() && r.type() != null && r.type().isTensor() && r.type().dtype() != t.dtype()) {
                throw new IllegalStateException("symbolic function of " + where + " at opset " + opset + ": output " + j
                        + " has dtype " + r.type().dtype() + " but PyTorch gives " + t.dtype() + " (missing Cast)");
            }
            if (t.isTensor() && c.created(r)) r.setType(t);
            if (aten.name() != null && r.name() == null) r.setName(aten.name());
            n.owner().replaceAllUses(aten, r);
        }
        n.owner().remove(n);
    }

    /** A graph output that is a traced constant tensor becomes an ONNX constant. */
    private void constantOutputs() {
        List<Value> outs = graph.outputs();
        for (int i = 0; i < outs.size(); i++) {
            Value v = outs.get(i);
            if (v.producer() != null && v.producer().isConstant() && v.producer().constantValue() instanceof Tensor t) {
                Node anchor = v.producer();
                Value c = constantNode(t, anchor, null);
                if (v.name() != null) c.setName(v.name());
                graph.body().setOutput(i, c);
            }
        }
    }

    /** Removes prim nodes and ONNX Constants whose outputs nothing uses, consumers before producers. */

    // ---- constants ------------------------------------------------------------------------------

    /** The ONNX value of a traced constant tensor, made once. */
    Value convertedConstant(Value traced, Tensor t, NodeContext c) {
        Value v = convertedConstants.get(traced);
        if (v == null || v.producer() != null && !visible(v, c.node())) {
            v = constant(t, c);
            convertedConstants.put(traced, v);
        }
        return v;
    }

    /** A constant for {@code t}, before the node {@code c} lowers. */
    Value constant(Tensor t, NodeContext c) {
        boolean nodeOk = t.numel() <= CONSTANT_NODE_LIMIT && (opset >= 9 || t.dtype().isFloatingPoint());
        if (!nodeOk) {
            String name = nextName();
            Value v = graph.addInitializer(name, t.contiguous());
            c.createdInitializer(name);
            return v;
        }
        String key = t.dtype() + Arrays.toString(t.shape()) + Arrays.toString(t.toDoubleArray())
                + (t.dtype() == DType.INT64 ? Arrays.toString(t.toLongArray()) : "");
        Value v = smallConstants.get(key);
        if (v != null && visible(v, c.node())) return v;
        v = constantNode(t, c.node(), c);
        smallConstants.put(key, v);
        return v;
    }

    /**
     * True when {@code v} (made by a node still in the graph) can be read at {@code at}: made in its block or in a
     * block around it. Constants are shared only so; a constant made inside a control-flow body stays there.
     */
    static boolean visible(Value v, Node at) {
        Node p = v.producer();
        if (p == null) return true;
        if (p.owner() == null) return false;
        for (Block b = at.owner(); b != null; b = b.ownerNode() == null ? null : b.ownerNode().owner()) {
            if (b == p.owner()) return true;
        }
        return false;
    }

    private Value constantNode(Tensor t, Node before, NodeContext c) {
        Node k = before.owner().insertBefore(before, "onnx::Constant", null);
        k.setScope(before.scope()).setSource(before.source());
        k.setAttr("value", t.contiguous());
        Value v = k.addOutput(Type.tensor(t.dtype(), t.shape())).setName(nextName());
        SchemaValidator.validate(k, opset);
        if (c != null) c.createdNode(k);
        return v;
    }

    private String nextName() {
        String name;
        do {
            name = "_const_" + constCounter++;
        } while (!usedNames.add(name));
        return name;
    }
}
