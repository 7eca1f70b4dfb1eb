package dev.onnxport.ir;

import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A traced model: named inputs, initializers (parameters and buffers under their state-dict
 * names), a body block of nodes in topological order, and outputs.
 */
public final class Graph {
    private final String name;
    private final Block body = new Block(null);
    private final Map<String, Value> initializers = new LinkedHashMap<>();

    public Graph(String name) { this.name = name; }

    public String name() { return name; }

    /** A graph named {@code name} whose body takes over the inputs, nodes and outputs of {@code block} (see {@link Block#moveInto}). */
    public static Graph fromBlock(String name, Block block) {
        Graph g = new Graph(name);
        block.moveInto(g.body);
        return g;
    }
    public Block body() { return body; }
    public List<Node> nodes() { return body.nodes(); }
    public List<Value> inputs() { return body.inputs(); }
    public List<Value> outputs() { return body.outputs(); }

    public Value addInput(String name, Type type) { return body.addInput(type).setName(name); }
    public void addOutput(Value v) { body.addOutput(v); }

    /** Adds an initializer; names must be unique. */
    public Value addInitializer(String name, Tensor data) {
        if (initializers.containsKey(name)) throw new IllegalArgumentException("initializer '" + name + "' already exists");
        Value v = new Value(null, -1, Type.tensor(data.dtype(), data.shape())).setName(name);
        v.setData(data);
        initializers.put(name, v);
        return v;
    }

    public void removeInitializer(String name) { initializers.remove(name); }

    /** Replaces every use of {@code from} by {@code to}: node inputs (nested blocks included) and outputs. */
    public void replaceAllUses(Value from, Value to) { body.replaceAllUses(from, to); }

    /** Initializers in insertion order. */
    public Map<String, Value> initializers() { return Collections.unmodifiableMap(initializers); }

    /** All nodes including those in nested blocks, in order. */
    public List<Node> allNodes() {
        List<Node> out = new ArrayList<>();
        collect(body, out);
        return out;
    }

    private static void collect(Block b, List<Node> out) {
        for (Node n : b.nodes()) {
            out.add(n);
            for (Block nb : n.blocks()) collect(nb, out);
        }
    }

    /** The deterministic text form (see {@link GraphPrinter}). */
    @Override public String toString() { return GraphPrinter.print(this); }
}
