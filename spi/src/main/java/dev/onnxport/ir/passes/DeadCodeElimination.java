package dev.onnxport.ir.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Uses;
import dev.onnxport.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes nodes none of whose outputs reach a graph output, directly or through other nodes (nested
 * blocks included: a live node keeps its blocks' outputs live), then initializers nothing uses any more.
 * Graph inputs are never removed. Nodes without outputs and nodes that write their inputs
 * ({@code Tensor(a!)}) are kept, as they act by side effect.
 */
public final class DeadCodeElimination implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(DeadCodeElimination.class);

    @Override public String name() { return "dead-code"; }

    @Override
    public boolean run(Graph graph) {
        Set<Node> live = liveNodes(graph);
        int removed = sweep(graph.body(), live);
        List<String> unused = new ArrayList<>();
        Uses uses = Uses.of(graph);
        for (Map.Entry<String, Value> e : graph.initializers().entrySet()) {
            if (!uses.isUsed(e.getValue())) unused.add(e.getKey());
        }
        unused.forEach(graph::removeInitializer);
        if (removed > 0 || !unused.isEmpty()) {
            LOG.debug("{}: removed {} nodes and initializers {}", name(), removed, unused);
        }
        return removed > 0 || !unused.isEmpty();
    }

    private static Set<Node> liveNodes(Graph graph) {
        Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>(graph.outputs());
        for (Node n : graph.allNodes()) if (n.outputs().isEmpty() || OpTraits.isMutating(n)) markLive(n, live, work);
        while (!work.isEmpty()) {
            Node p = work.pop().producer();
            if (p != null) markLive(p, live, work);
        }
        return live;
    }

    /** Marks {@code n} and the enclosing nodes of its block live; queues what they read and what their blocks return. */
    private static void markLive(Node n, Set<Node> live, Deque<Value> work) {
        for (Node cur = n; cur != null && live.add(cur); cur = cur.owner() == null ? null : cur.owner().ownerNode()) {
            work.addAll(cur.inputs());
            for (Block b : cur.blocks()) work.addAll(b.outputs());
        }
    }

    private static int sweep(Block b, Set<Node> live) {
        int removed = 0;
        for (Node n : b.nodes()) {
            if (live.contains(n)) for (Block nb : n.blocks()) removed += sweep(nb, live);
        }
        return removed + b.removeIf(n -> !live.contains(n));
    }
}
