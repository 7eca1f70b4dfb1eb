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

    /** Replaces every use of {@code from} by {@code to} in this block (nested blocks included) and its outputs. */
    public void replaceAllUses(Value from, Value to) {
        for (Node n : nodes) {
            n.replaceInputs(from, to);
            for (Block b : n.blocks()) b.replaceAllUses(from, to);
        }
        outputs.replaceAll(v -> v == from ? to : v);
    }
}
