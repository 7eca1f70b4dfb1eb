package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The ONNX-dialect cleanup after lowering: removes Identity nodes, nodes whose results nobody uses (left-over
 * constants and list constructs included), and initializers nobody reads. ONNX ops have no side effects, so
 * liveness is decided by use alone. An Identity is kept only where a graph output would otherwise be a
 * graph input, an initializer, or the same value as another output.
 */
public final class OnnxCleanup {
    private OnnxCleanup() {}

    public static final String IDENTITY = "onnx::Identity";

    /** Cleans {@code g} in place; returns the number of nodes and initializers removed. */
    public static int run(Graph g) {
        int removed = removeIdentities(g);
        removed += removeDeadNodes(g);
        removed += removeUnusedInitializers(g);
        return removed;
    }

    private static int removeIdentities(Graph g) {
        int removed = 0;
        for (Node n : new ArrayList<>(g.nodes())) {
            if (!n.kind().equals(IDENTITY) || n.inputs().size() != 1 || n.outputs().size() != 1 || n.input(0) == null) continue;
            Value in = n.input(0);
            Value out = n.output();
            if (g.outputs().contains(out) && (in.producer() == null || g.outputs().contains(in))) continue;
            if (out.name() != null && in.name() == null && in.producer() != null) in.setName(out.name());
            g.body().replaceAllUses(out, in);
            g.body().remove(n);
            removed++;
        }
        return removed;
    }

    private static int removeDeadNodes(Graph g) {
        Set<Value> live = identitySet();
        live.addAll(g.outputs());
        int removed = 0;
        List<Node> nodes = new ArrayList<>(g.nodes());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(live::contains)) {
                markUses(n, live);
            } else {
                g.body().remove(n);
                removed++;
            }
        }
        return removed;
    }

    /** The inputs of {@code n} and every value its subgraphs read from outside. */
    private static void markUses(Node n, Set<Value> live) {
        for (Value v : n.inputs()) if (v != null) live.add(v);
        for (Object a : n.attributes().values()) {
            if (a instanceof Graph sub) {
                for (Node sn : sub.allNodes()) markUses(sn, live);
                live.addAll(sub.outputs());
            }
        }
        for (var b : n.blocks()) {
            for (Node bn : b.nodes()) markUses(bn, live);
            live.addAll(b.outputs());
        }
    }

    private static int removeUnusedInitializers(Graph g) {
        Set<Value> used = identitySet();
        used.addAll(g.outputs());
        for (Node n : g.nodes()) markUses(n, used);
        int removed = 0;
        for (String name : new ArrayList<>(g.initializers().keySet())) {
            if (!used.contains(g.initializers().get(name))) {
                g.removeInitializer(name);
                removed++;
            }
        }
        return removed;
    }

    private static Set<Value> identitySet() { return Collections.newSetFromMap(new IdentityHashMap<>()); }
}
