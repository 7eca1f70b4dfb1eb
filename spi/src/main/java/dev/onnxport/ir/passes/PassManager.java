package dev.onnxport.ir.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphVerifier;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs passes in a fixed order, round after round, until a whole round changes nothing. Each pass that
 * changes the graph is logged at debug level with the node and initializer counts before and after.
 * With {@link #verifying} the graph is checked by {@link GraphVerifier} after every pass, so a broken
 * invariant names the pass that broke it.
 */
public final class PassManager implements GraphPass {
    private static final Logger LOG = LoggerFactory.getLogger(PassManager.class);

    /** Rounds after which a pass list that keeps changing the graph is reported as not converging. */
    public static final int MAX_ROUNDS = 50;

    private final List<GraphPass> passes;
    private final boolean verify;

    public PassManager(List<GraphPass> passes) { this(passes, false); }

    private PassManager(List<GraphPass> passes, boolean verify) {
        this.passes = List.copyOf(passes);
        this.verify = verify;
    }

    /** The same passes, with the graph verified after each one. */
    public PassManager verifying() { return new PassManager(passes, true); }

    public List<GraphPass> passes() { return passes; }

    @Override
    public String name() {
        StringBuilder sb = new StringBuilder("passes(");
        for (int i = 0; i < passes.size(); i++) sb.append(i > 0 ? ", " : "").append(passes.get(i).name());
        return sb.append(')').toString();
    }

    /** Runs to a fixed point; returns true when any pass changed the graph. */
    @Override
    public boolean run(Graph graph) {
        boolean any = false;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean changed = false;
            for (GraphPass p : passes) changed |= runOne(p, graph, round);
            if (!changed) return any;
            any = true;
        }
        throw new IllegalStateException(name() + " still changed graph '" + graph.name() + "' after " + MAX_ROUNDS
                + " rounds; two passes probably undo each other");
    }

    private boolean runOne(GraphPass p, Graph graph, int round) {
        int nodes = graph.allNodes().size(), inits = graph.initializers().size();
        boolean changed = p.run(graph);
        if (changed && LOG.isDebugEnabled()) {
            LOG.debug("round {}, {} on '{}': nodes {} -> {}, initializers {} -> {}", round, p.name(), graph.name(),
                    nodes, graph.allNodes().size(), inits, graph.initializers().size());
        }
        if (verify) {
            List<String> problems = GraphVerifier.problems(graph);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("pass " + p.name() + " broke graph '" + graph.name() + "':\n  - "
                        + String.join("\n  - ", problems));
            }
        }
        return changed;
    }
}
