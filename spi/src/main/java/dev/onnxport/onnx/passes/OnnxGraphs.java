package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/** Small queries and edits on a lowered (ONNX-dialect) graph shared by the passes of this package. */
final class OnnxGraphs {
    private OnnxGraphs() {}

    /** True when {@code n} is the default-domain op {@code opType}. */
    static boolean is(Node n, String opType) {
        return n != null && n.kind().equals("onnx::" + opType);
    }

    /** The op type of a default-domain node, or null for any other domain. */
    static String opType(Node n) {
        return n.kind().startsWith("onnx::") ? n.kind().substring(6) : null;
    }

    /** The value of an initializer or of a {@code Constant} node's tensor, else null. */
    static Tensor constant(Value v) {
        if (v == null) return null;
        if (v.isInitializer()) return v.data();
        Node p = v.producer();
        return is(p, "Constant") && p.attr("value") instanceof Tensor t ? t : null;
    }

    /** How often each value is read: node inputs (subgraphs included) and graph outputs. */
    static Map<Value, Integer> useCounts(Graph g) {
        Map<Value, Integer> uses = new IdentityHashMap<>();
        countBlock(g.body(), uses);
        return uses;
    }

    private static void countBlock(Block b, Map<Value, Integer> uses) {
        for (Node n : b.nodes()) {
            for (Value v : n.inputs()) if (v != null) uses.merge(v, 1, Integer::sum);
            for (Object a : n.attributes().values()) if (a instanceof Graph sub) countBlock(sub.body(), uses);
            for (Block nb : n.blocks()) countBlock(nb, uses);
        }
        for (Value v : b.outputs()) uses.merge(v, 1, Integer::sum);
    }

    /** A new initializer named {@code base}, or {@code base_<k>} when that name is taken. */
    static Value addInitializer(Graph g, String base, Tensor t) {
        String name = base;
        for (int k = 1; taken(g, name); k++) name = base + "_" + k;
        return g.addInitializer(name, t);
    }

    private static boolean taken(Graph g, String name) {
        if (g.initializers().containsKey(name)) return true;
        for (Value v : g.inputs()) if (name.equals(v.name())) return true;
        for (Value v : g.outputs()) if (name.equals(v.name())) return true;
        return false;
    }
}
