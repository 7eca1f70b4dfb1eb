package dev.onnxport.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of where each value is used: the nodes reading it (nested blocks included, in graph
 * order, once per input slot) and whether it is a graph or block output. Values carry no use lists
 * themselves, so passes take a snapshot and refresh it after rewriting.
 */
public final class Uses {
    private final Map<Value, List<Node>> readers = new IdentityHashMap<>();
    private final Map<Value, Boolean> outputs = new IdentityHashMap<>();

    private Uses() {}

    public static Uses of(Graph g) {
        Uses u = new Uses();
        u.scan(g.body());
        return u;
    }

    private void scan(Block b) {
        for (Node n : b.nodes()) {
            for (Value v : n.inputs()) {
                if (v != null) readers.computeIfAbsent(v, k -> new ArrayList<>()).add(n); // null: omitted optional input
            }
            for (Block nb : n.blocks()) scan(nb);
        }
        for (Value v : b.outputs()) outputs.put(v, Boolean.TRUE);
    }

    /** The nodes reading {@code v}, in graph order (a node reading it twice appears twice). */
    public List<Node> readers(Value v) { return Collections.unmodifiableList(readers.getOrDefault(v, List.of())); }

    /** True when {@code v} is an output of the graph or of a nested block. */
    public boolean isOutput(Value v) { return outputs.containsKey(v); }

    public boolean isUsed(Value v) { return readers.containsKey(v) || outputs.containsKey(v); }
}
