package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.DeadCodeElimination;
import java.util.ArrayList;

/**
 * The ONNX-dialect cleanup after lowering: removes Identity nodes, then, with {@link DeadCodeElimination}, nodes
 * whose results nobody uses (left-over constants and list constructs included; ONNX ops have no side effects, so
 * liveness is decided by use alone) and initializers nobody reads. An Identity is kept only where a graph output
 * would otherwise be a graph input, an initializer, or the same value as another output.
 */
public final class OnnxCleanup {
    private OnnxCleanup() {}

    public static final String IDENTITY = "onnx::Identity";

    /** Cleans {@code g} in place; returns the number of nodes and initializers removed. */
    public static int run(Graph g) {
        int removed = removeIdentities(g);
        removed += DeadCodeElimination.removeDeadNodes(g, DeadCodeElimination.ANY);
        removed += DeadCodeElimination.removeUnusedInitializers(g);
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
}
