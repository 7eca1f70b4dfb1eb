package dev.onnxport.export;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphCopy;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.NodeProto;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows aten values through lowering, which rewrites the graph in place. Before lowering it copies the aten graph
 * and appends every tensor computed by a node as a temporary graph output; lowering replaces each aten value by its
 * ONNX value everywhere, graph outputs included, so afterwards those outputs are the replacements. They are then
 * removed again, before the ONNX passes, so the written model is the same as without tracking.
 */
final class ValueTracking {
    private final GraphCopy copy;
    private final int realOutputs;
    private final List<Value> tracked = new ArrayList<>();
    private final List<Value> replacements = new ArrayList<>();

    private ValueTracking(Graph g) {
        copy = GraphCopy.of(g);
        realOutputs = g.outputs().size();
        for (Node n : g.nodes()) {
            if (n.kind().startsWith("prim::")) continue;
            for (Value v : n.outputs()) {
                if (v.type() == null || !v.type().isTensor()) continue;
                tracked.add(v);
                g.addOutput(v);
            }
        }
    }

    /** Copies {@code g} and starts tracking its tensor values; call before lowering. */
    static ValueTracking start(Graph g) { return new ValueTracking(g); }

    /** Reads the replacements and removes the temporary outputs; call right after lowering. */
    void lowered(Graph g) {
        List<Value> outs = g.outputs();
        replacements.addAll(outs.subList(realOutputs, outs.size()));
        for (int i = outs.size() - 1; i >= realOutputs; i--) g.body().removeOutput(i);
    }

    Graph atenGraph() { return copy.graph(); }

    /**
     * For each tracked value, in the aten copy, the name its replacement has in {@code proto}, the assembled main
     * graph of {@code g}. The assembler names values in graph order, so node {@code i} of {@code g} is node {@code i}
     * of {@code proto}. Replacements the ONNX passes removed (dead) have no name and are left out.
     */
    Map<Value, String> onnxNames(Graph g, GraphProto proto) {
        Map<Value, String> names = new IdentityHashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) names.put(g.inputs().get(i), proto.getInput(i).getName());
        g.initializers().forEach((name, v) -> names.put(v, name));
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto np = proto.getNode(i);
            for (int j = 0; j < nodes.get(i).outputs().size(); j++) names.put(nodes.get(i).outputs().get(j), np.getOutput(j));
        }
        Map<Value, String> out = new LinkedHashMap<>();
        for (int k = 0; k < tracked.size(); k++) {
            String name = names.get(replacements.get(k));
            if (name != null) out.put(copy.map(tracked.get(k)), name);
        }
        return out;
    }
}
