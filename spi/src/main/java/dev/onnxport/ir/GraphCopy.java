package dev.onnxport.ir;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A structural copy of a graph: new nodes and values with the same kinds, ops, attributes, scopes, sources, types
 * and names; initializers share their tensors (data is never copied). Exporters keep the copy of the aten graph
 * because lowering rewrites the original in place.
 */
public final class GraphCopy {
    private final Graph copy;
    private final Map<Value, Value> values = new IdentityHashMap<>();

    private GraphCopy(Graph g) {
        copy = new Graph(g.name());
        for (Value in : g.inputs()) values.put(in, copy.addInput(in.name(), in.type()));
        for (Map.Entry<String, Value> e : g.initializers().entrySet()) {
            values.put(e.getValue(), copy.addInitializer(e.getKey(), e.getValue().data()));
        }
        copyBlock(g.body(), copy.body());
        for (Value out : g.outputs()) copy.addOutput(map(out));
    }

    /** Copies {@code g}. */
    public static GraphCopy of(Graph g) { return new GraphCopy(g); }

    public Graph graph() { return copy; }

    /** The copy of {@code original}, a value of the copied graph (null for a value it does not hold). */
    public Value map(Value original) { return original == null ? null : values.get(original); }

    private void copyBlock(Block from, Block to) {
        for (Node n : from.nodes()) {
            Node c = to.append(n.kind(), n.op()).setScope(n.scope()).setSource(n.source());
            n.attributes().forEach(c::setAttr);
            for (Value in : n.inputs()) c.addInput(map(in));
            for (Value out : n.outputs()) values.put(out, c.addOutput(out.type()).setName(out.name()));
            for (Block b : n.blocks()) {
                Block cb = c.addBlock();
                for (Value in : b.inputs()) values.put(in, cb.addInput(in.type()).setName(in.name()));
                copyBlock(b, cb);
                for (Value out : b.outputs()) cb.addOutput(map(out));
            }
        }
    }
}
