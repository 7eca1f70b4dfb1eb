package dev.onnxport.onnx.localfunctions;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a node reads, its subgraph attributes (If/Loop/Scan bodies) included. */
final class Subgraphs {
    private Subgraphs() {}

    /** The node's inputs and every value read inside its subgraphs (defined there or not). */
    static List<Value> reads(Node n) {
        List<Value> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(Node n, List<Value> out) {
        for (Value v : n.inputs()) if (v != null) out.add(v);
        for (Object a : n.attributes().values()) {
            if (a instanceof Graph g) {
                for (Node sn : g.nodes()) collect(sn, out);
                out.addAll(g.outputs());
            }
        }
    }

    /** True when a subgraph of {@code n} reads a value defined outside it (an outer-scope capture). */
    static boolean capturesOuterValues(Node n) {
        for (Object a : n.attributes().values()) {
            if (a instanceof Graph g && captures(g, FunctionExtraction.identitySet())) return true;
        }
        return false;
    }

    private static boolean captures(Graph g, Set<Value> outer) {
        Set<Value> visible = FunctionExtraction.identitySet();
        visible.addAll(outer);
        visible.addAll(g.inputs());
        visible.addAll(g.initializers().values());
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) if (v != null && !visible.contains(v)) return true;
            for (Object a : n.attributes().values()) if (a instanceof Graph sub && captures(sub, visible)) return true;
            visible.addAll(n.outputs());
        }
        for (Value v : g.outputs()) if (!visible.contains(v)) return true;
        return false;
    }
}
