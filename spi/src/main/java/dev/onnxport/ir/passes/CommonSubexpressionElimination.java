package dev.onnxport.ir.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.OpDef;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges nodes of the graph body that compute the same thing: same kind and overload, the same input
 * values, equal attributes (constants by value: arrays by content, tensors by dtype, shape and bytes) and
 * equal output types. Later duplicates are rewired to the first occurrence and removed; this covers equal
 * {@code prim::Constant}s and equal {@code prim::ListConstruct}s too, and, as inputs are rewired in order,
 * whole repeated chains. Nodes with nested blocks, nodes inside them, random ops and ops writing their
 * inputs are left alone, as are duplicates with named outputs (their names belong to the graph's interface).
 */
public final class CommonSubexpressionElimination implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(CommonSubexpressionElimination.class);

    @Override public String name() { return "cse"; }

    @Override
    public boolean run(Graph graph) {
        Map<Key, Node> first = new HashMap<>();
        Set<Node> merged = Collections.newSetFromMap(new IdentityHashMap<>());
        // Merged outputs and their replacements, applied to each node as it is reached: one walk over the graph
        // instead of one per merged node (thousands of equal constants in a 48-layer model).
        Map<Value, Value> replaced = new IdentityHashMap<>();
        for (Node n : graph.nodes()) {
            rewire(n, replaced);
            if (!eligible(n)) continue;
            Node prev = first.putIfAbsent(new Key(n), n);
            if (prev == null) continue;
            if (n.outputs().stream().anyMatch(v -> v.name() != null)) continue;
            for (int i = 0; i < n.outputs().size(); i++) replaced.put(n.outputs().get(i), prev.outputs().get(i));
            merged.add(n);
            LOG.debug("{}: merged {} into the earlier {}", name(), n, prev);
        }
        if (replaced.isEmpty()) return false;
        for (Node n : graph.nodes()) {
            for (Block b : n.blocks()) replaced.forEach(b::replaceAllUses);   // uses inside nested blocks
        }
        for (Value out : List.copyOf(graph.outputs())) {
            Value to = replaced.get(out);
            if (to != null) graph.replaceAllUses(out, to);
        }
        graph.body().removeIf(merged::contains);
        return true;
    }

    private static void rewire(Node n, Map<Value, Value> replaced) {
        if (replaced.isEmpty()) return;
        for (int i = 0; i < n.inputs().size(); i++) {
            Value to = replaced.get(n.input(i));
            if (to != null) n.replaceInput(i, to);
        }
    }

    private static boolean eligible(Node n) {
        return n.blocks().isEmpty() && !n.outputs().isEmpty() && !OpTraits.isNondeterministic(n) && !OpTraits.isMutating(n);
    }

    /** What makes two nodes interchangeable. Inputs compare by identity: they are already merged when reached. */
    private static final class Key {
        private final String kind;
        private final OpDef op;
        private final List<Value> inputs;
        private final Map<String, Object> attributes;
        private final List<Type> outputTypes;
        private final int hash;

        Key(Node n) {
            kind = n.kind();
            op = n.op();
            inputs = List.copyOf(n.inputs());
            attributes = n.attributes();
            outputTypes = n.outputs().stream().map(Value::type).toList();
            int h = kind.hashCode();
            for (Value v : inputs) h = h * 31 + System.identityHashCode(v);
            for (Map.Entry<String, Object> a : attributes.entrySet()) h = h * 31 + a.getKey().hashCode() * 17 + valueHash(a.getValue());
            hash = h * 31 + outputTypes.hashCode();
        }

        @Override public int hashCode() { return hash; }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || !k.kind.equals(kind) || k.op != op) return false;
            if (k.inputs.size() != inputs.size() || !k.outputTypes.equals(outputTypes)) return false;
            for (int i = 0; i < inputs.size(); i++) if (k.inputs.get(i) != inputs.get(i)) return false;
            if (!k.attributes.keySet().equals(attributes.keySet())) return false;
            for (Map.Entry<String, Object> a : attributes.entrySet()) {
                if (!valueEquals(a.getValue(), k.attributes.get(a.getKey()))) return false;
            }
            return true;
        }
    }

    /** Equality of attribute values by content; doubles by bit pattern, so 0.0 and -0.0 stay apart. */
    static boolean valueEquals(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null || a.getClass() != b.getClass()) return false;
        if (a instanceof Tensor ta) return TensorContent.equal(ta, (Tensor) b);
        if (a instanceof long[] x) return Arrays.equals(x, (long[]) b);
        if (a instanceof double[] x) return Arrays.equals(x, (double[]) b);
        if (a instanceof Object[] x) {
            Object[] y = (Object[]) b;
            if (x.length != y.length) return false;
            for (int i = 0; i < x.length; i++) if (!valueEquals(x[i], y[i])) return false;
            return true;
        }
        return Objects.equals(a, b);
    }

    private static int valueHash(Object v) {
        if (v == null) return 0;
        if (v instanceof Tensor t) return t.dtype().ordinal() * 31 + Arrays.hashCode(t.shape());
        if (v instanceof long[] x) return Arrays.hashCode(x);
        if (v instanceof double[] x) return Arrays.hashCode(x);
        if (v instanceof Object[] x) {
            int h = 1;
            for (Object e : x) h = h * 31 + valueHash(e);
            return h;
        }
        return v.hashCode();
    }
}
