package dev.onnxport.ir;

import dev.onnxport.ops.OpDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * An ordered list of nodes with block inputs and outputs. The graph body is a block; If and Loop
 * nodes own further blocks.
 */
public final class Block {
    private final Node ownerNode;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();

    Block(Node ownerNode) { this.ownerNode = ownerNode; }

    /** The node owning this block, or null for the graph body. */
    public Node ownerNode() { return ownerNode; }
    public List<Node> nodes() { return Collections.unmodifiableList(nodes); }
    public List<Value> inputs() { return Collections.unmodifiableList(inputs); }
    public List<Value> outputs() { return Collections.unmodifiableList(outputs); }

    public Value addInput(Type type) {
        Value v = new Value(null, inputs.size(), type);
        inputs.add(v);
        return v;
    }

    /** Inserts a new input at {@code index} (a lowering whose body takes one more input than the traced block). */
    public Value insertInput(int index, Type type) {
        Value v = new Value(null, index, type);
        inputs.add(index, v);
        return v;
    }

    /** Moves every node of {@code from} (a block without inputs) right before {@code before}, a node of this block. */
    public void inlineBefore(Node before, Block from) {
        int i = nodes.indexOf(before);
        if (i < 0) throw new IllegalArgumentException("node is not in this block");
        if (!from.inputs.isEmpty()) throw new IllegalArgumentException("a block with inputs cannot be inlined");
        for (Node n : from.nodes) n.owner = this;
        nodes.addAll(i, from.nodes);
        from.nodes.clear();
    }

    public void addOutput(Value v) { outputs.add(v); }
    public void setOutput(int i, Value v) { outputs.set(i, v); }
    /** Removes output {@code i} (the value itself stays; exporters use temporary outputs to follow values through rewrites). */
    public void removeOutput(int i) { outputs.remove(i); }

    /** Appends a node of {@code kind} (op may be null for prim nodes). */
    public Node append(String kind, OpDef op) {
        Node n = new Node(kind, op);
        n.owner = this;
        nodes.add(n);
        return n;
    }

    /** Inserts a new node right before {@code before}. */
    public Node insertBefore(Node before, String kind, OpDef op) {
        int i = nodes.indexOf(before);
        if (i < 0) throw new IllegalArgumentException("node is not in this block");
        Node n = new Node(kind, op);
        n.owner = this;
        nodes.add(i, n);
        return n;
    }

    /** Removes a node; the caller must already have rewired its uses. */
    public void remove(Node n) {
        if (!nodes.remove(n)) throw new IllegalArgumentException("node is not in this block");
        n.owner = null;
    }

    /** Removes every node matching {@code dead} in one sweep (linear time); returns how many were removed. */
    public int removeIf(Predicate<Node> dead) {
        int before = nodes.size();
        nodes.removeIf(n -> {
            if (!dead.test(n)) return false;
            n.owner = null;
            return true;
        });
        return before - nodes.size();
    }

    /**
     * Moves this block's inputs, nodes and outputs into {@code target} (appended to what it holds) and leaves this
     * block empty. The values keep their identity, so reads of outer values stay reads of the same values; lowerings
     * use it to turn a node's block into the body of a graph-valued attribute.
     */
    public void moveInto(Block target) {
        for (Node n : nodes) n.owner = target;
        target.nodes.addAll(nodes);
        target.inputs.addAll(inputs);
        target.outputs.addAll(outputs);
        nodes.clear();
        inputs.clear();
        outputs.clear();
    }

    /** Replaces every use of {@code from} by {@code to} in this block (nested blocks included) and its outputs. */
    public void replaceAllUses(Value from, Value to) {
        for (Node n : nodes) {
            n.replaceInputs(from, to);
            for (Block b : n.blocks()) b.replaceAllUses(from, to);
            for (Object a : n.attributes().values()) if (a instanceof Graph sub) sub.body().replaceAllUses(from, to);
        }
        outputs.replaceAll(v -> v == from ? to : v);
    }
}
