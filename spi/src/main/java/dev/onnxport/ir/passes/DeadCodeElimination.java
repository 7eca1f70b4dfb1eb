package dev.onnxport.ir.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dead-code pass, for aten graphs and ONNX-dialect graphs alike. A node is live when it is not removable
 * (the caller's rule: it acts by side effect, or the caller leaves such nodes to a later stage), or when a live
 * node, a graph output, or an output of a block or subgraph of a live node reads one of its outputs. Subgraphs
 * are understood in both forms: a node's {@link Block}s (control flow of the traced IR) and {@link Graph}-valued
 * attributes (ONNX's {@code then_branch}, {@code body}). A read from inside a subgraph of a value defined outside
 * it counts as a use of that value when the reading node is live; a live node inside a subgraph keeps the node
 * holding the subgraph live. Everything not live is removed, inside subgraphs too, and then, as a pass, the
 * initializers nothing reads any more. Graph inputs are never removed.
 */
public final class DeadCodeElimination implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(DeadCodeElimination.class);

    /**
     * Removable in an aten graph: a node with outputs that writes none of its inputs ({@code Tensor(a!)}). Nodes
     * without outputs and in-place or out= variants act by side effect and stay.
     */
    public static final Predicate<Node> SIDE_EFFECT_FREE = n -> !n.outputs().isEmpty() && !OpTraits.isMutating(n);

    /** Removable in an ONNX-dialect graph: every node, since ONNX operators have no side effects. */
    public static final Predicate<Node> ANY = n -> true;

    private final Predicate<Node> removable;

    /** The pass for aten graphs: removes {@link #SIDE_EFFECT_FREE} nodes that are dead, then unused initializers. */
    public DeadCodeElimination() { this(SIDE_EFFECT_FREE); }

    /** The pass removing dead nodes that {@code removable} accepts, then unused initializers. */
    public DeadCodeElimination(Predicate<Node> removable) { this.removable = removable; }

    @Override public String name() { return "dead-code"; }

    @Override
    public boolean run(Graph graph) {
        int removed = removeDeadNodes(graph, removable);
        List<String> unused = unusedInitializers(graph);
        unused.forEach(graph::removeInitializer);
        if (removed > 0 || !unused.isEmpty()) {
            LOG.debug("{}: removed {} nodes and initializers {}", name(), removed, unused);
        }
        return removed > 0 || !unused.isEmpty();
    }

    /**
     * Removes the dead nodes that {@code removable} accepts, in every block and subgraph; returns how many were
     * removed (a removed node's own subgraphs are not counted).
     */
    public static int removeDeadNodes(Graph graph, Predicate<Node> removable) {
        Liveness l = new Liveness(removable);
        l.scan(graph.body());
        l.propagate(graph.outputs());
        return sweep(graph.body(), l.live);
    }

    /** Removes the initializers no node reads (in any block or subgraph) and no graph output is; returns how many. */
    public static int removeUnusedInitializers(Graph graph) {
        List<String> unused = unusedInitializers(graph);
        unused.forEach(graph::removeInitializer);
        return unused.size();
    }

    private static List<String> unusedInitializers(Graph graph) {
        Set<Value> used = identitySet();
        markReads(graph.body(), used);
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, Value> e : graph.initializers().entrySet()) {
            if (!used.contains(e.getValue())) unused.add(e.getKey());
        }
        return unused;
    }

    /** Every value read in {@code b}: node inputs and block outputs, nested blocks and subgraphs included. */
    private static void markReads(Block b, Set<Value> into) {
        for (Node n : b.nodes()) {
            for (Value v : n.inputs()) if (v != null) into.add(v);  // null: an omitted optional input
            for (Block nb : subgraphs(n)) markReads(nb, into);
        }
        into.addAll(b.outputs());
    }

    /** The blocks of {@code n} and the bodies of its graph-valued attributes, in that order. */
    private static List<Block> subgraphs(Node n) {
        List<Block> out = new ArrayList<>(n.blocks());
        for (Object a : n.attributes().values()) if (a instanceof Graph sub) out.add(sub.body());
        return out;
    }

    /** Live nodes, found backwards from the roots. */
    private static final class Liveness {
        final Predicate<Node> removable;
        final Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
        /** The node holding each subgraph body (a graph attribute's body block has no owner node of its own). */
        final Map<Block, Node> holder = new IdentityHashMap<>();
        final Deque<Value> work = new ArrayDeque<>();

        Liveness(Predicate<Node> removable) { this.removable = removable; }

        /** Records which node holds each subgraph, and marks the nodes that are not removable live. */
        void scan(Block b) {
            for (Node n : b.nodes()) {
                for (Block nb : subgraphs(n)) {
                    holder.put(nb, n);
                    scan(nb);
                }
            }
            for (Node n : b.nodes()) if (!removable.test(n)) markLive(n);
        }

        void propagate(List<Value> roots) {
            work.addAll(roots);
            while (!work.isEmpty()) {
                Node p = work.pop().producer();
                if (p != null) markLive(p);
            }
        }

        /** Marks {@code n} and the nodes holding its subgraph live; queues what they read and what their subgraphs return. */
        private void markLive(Node n) {
            for (Node cur = n; cur != null && live.add(cur); cur = cur.owner() == null ? null : holder.get(cur.owner())) {
                for (Value v : cur.inputs()) if (v != null) work.add(v);
                for (Block b : subgraphs(cur)) work.addAll(b.outputs());
            }
        }
    }

    private static int sweep(Block b, Set<Node> live) {
        int removed = 0;
        for (Node n : b.nodes()) {
            if (live.contains(n)) for (Block nb : subgraphs(n)) removed += sweep(nb, live);
        }
        return removed + b.removeIf(n -> !live.contains(n));
    }

    private static <T> Set<T> identitySet() { return Collections.newSetFromMap(new IdentityHashMap<>()); }
}
