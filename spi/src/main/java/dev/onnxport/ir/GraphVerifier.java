package dev.onnxport.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the structural invariants of a graph, which every pass must keep:
 * <ul>
 *   <li>every node input is defined before use: a graph input, an initializer of this graph, an input of an
 *       enclosing block, or an output of an earlier node in the same or an enclosing block;</li>
 *   <li>each value is produced once, by the node it names as producer, at its output index;</li>
 *   <li>graph and block outputs are defined;</li>
 *   <li>no node input comes from a removed node, and every node is owned by the block listing it (once);</li>
 *   <li>initializers hold data and are keyed by their name; op nodes have one input per schema argument;</li>
 *   <li>named values (inputs, initializers, named node outputs) have distinct names.</li>
 * </ul>
 */
public final class GraphVerifier {
    private final Graph graph;
    private final List<String> problems = new ArrayList<>();
    private final Set<Value> produced = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> seenNodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Value> names = new HashMap<>();

    private GraphVerifier(Graph graph) { this.graph = graph; }

    /** All violations found, in graph order; empty when the graph is well formed. */
    public static List<String> problems(Graph g) {
        GraphVerifier v = new GraphVerifier(g);
        v.run();
        return Collections.unmodifiableList(v.problems);
    }

    /** Throws {@link IllegalStateException} listing every violation, followed by the printed graph. */
    public static void verify(Graph g) {
        List<String> p = problems(g);
        if (p.isEmpty()) return;
        throw new IllegalStateException("graph '" + g.name() + "' is malformed:\n  - " + String.join("\n  - ", p)
                + "\n" + GraphPrinter.print(g, false));
    }

    private void run() {
        Set<Value> visible = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value in : graph.inputs()) {
            if (in.name() == null) problems.add("a graph input has no name");
            else claimName(in);
            define(in, "graph input");
            visible.add(in);
        }
        for (Map.Entry<String, Value> e : graph.initializers().entrySet()) {
            Value v = e.getValue();
            if (!e.getKey().equals(v.name())) problems.add("initializer key '" + e.getKey() + "' differs from its value's name " + describe(v));
            if (!v.isInitializer()) problems.add("initializer '" + e.getKey() + "' has no data");
            if (v.producer() != null) problems.add("initializer '" + e.getKey() + "' has a producer node");
            claimName(v);
            define(v, "initializer");
            visible.add(v);
        }
        block(graph.body(), visible, "graph");
    }

    private void block(Block b, Set<Value> outer, String where) {
        Set<Value> visible = Collections.newSetFromMap(new IdentityHashMap<>());
        visible.addAll(outer);
        if (b != graph.body()) {
            for (Value in : b.inputs()) {
                define(in, "block input");
                visible.add(in);
            }
        }
        for (Node n : b.nodes()) {
            if (!seenNodes.add(n)) problems.add(n + " appears more than once in the graph");
            if (n.owner() != b) problems.add(n + " is listed in a block that does not own it");
            checkOp(n);
            for (int i = 0; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                if (v == null) {
                    // an omitted optional input, allowed in the ONNX dialect only
                    if (n.op() != null) problems.add("input " + i + " of " + n + " is missing");
                    continue;
                }
                if (!visible.contains(v)) problems.add("input " + i + " of " + n + " " + undefined(v));
            }
            for (int i = 0; i < n.blocks().size(); i++) block(n.blocks().get(i), visible, n + " block " + i);
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.outputs().get(i);
                if (v.producer() != n || v.outputIndex() != i) {
                    problems.add("output " + i + " of " + n + " names another producer or index: " + describe(v));
                }
                if (v.name() != null) claimName(v);
                define(v, "output of " + n);
                visible.add(v);
            }
        }
        for (int i = 0; i < b.outputs().size(); i++) {
            Value v = b.outputs().get(i);
            if (!visible.contains(v)) problems.add("output " + i + " of the " + where + " " + undefined(v));
        }
    }

    private void checkOp(Node n) {
        if (n.op() == null) return;
        if (!n.kind().equals(n.op().schema().opName())) problems.add(n + " has kind " + n.kind() + " but op " + n.op().qualifiedName());
        int want = n.op().schema().arguments().size();
        if (n.inputs().size() != want) problems.add(n + " has " + n.inputs().size() + " inputs; its schema has " + want + " arguments");
    }

    private void define(Value v, String what) {
        if (!produced.add(v)) problems.add(describe(v) + " is defined twice (again as " + what + ")");
    }

    private void claimName(Value v) {
        Value prev = names.putIfAbsent(v.name(), v);
        if (prev != null && prev != v) problems.add("two values are named '" + v.name() + "'");
    }

    private String undefined(Value v) {
        Node p = v.producer();
        if (p != null && p.owner() == null) return "comes from a removed node " + p;
        if (v.isInitializer() && graph.initializers().get(v.name()) != v) return "is initializer " + describe(v) + ", which the graph no longer holds";
        if (produced.contains(v)) return "is " + describe(v) + ", defined in a block that is not visible here";
        if (p != null) return "is " + describe(v) + ", used before its definition";
        return "is " + describe(v) + ", which is not defined in this graph";
    }

    private static String describe(Value v) {
        if (v.name() != null) return "%" + v.name();
        if (v.producer() != null) return "output " + v.outputIndex() + " of " + v.producer();
        return "an unnamed input : " + v.type();
    }
}
