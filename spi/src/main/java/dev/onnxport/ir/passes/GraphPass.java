package dev.onnxport.ir.passes;

import dev.onnxport.ir.Graph;

/** A graph-to-graph rewrite applied in place. Passes are deterministic and keep the graph's meaning. */
public interface GraphPass {
    /** A short name for logs and reports, e.g. {@code dead-code}. */
    String name();

    /** Rewrites {@code graph} in place; returns true when anything changed. */
    boolean run(Graph graph);
}
