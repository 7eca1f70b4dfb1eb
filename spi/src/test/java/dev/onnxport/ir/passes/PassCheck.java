package dev.onnxport.ir.passes;

import dev.onnxport.testing.Golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphVerifier;
import java.util.List;

/** Runs passes on a graph, verifying it before and after each, and checks the before/after text against a golden file. */
final class PassCheck {
    private PassCheck() {}

    /** Applies {@code passes} in order (each once); returns whether any changed the graph. */
    static boolean apply(String golden, Graph g, GraphPass... passes) {
        GraphVerifier.verify(g);
        StringBuilder text = new StringBuilder("# before\n").append(Golden.print(g));
        boolean changed = false;
        for (GraphPass p : passes) {
            changed |= p.run(g);
            GraphVerifier.verify(g);
            text.append("# after ").append(p.name()).append('\n').append(Golden.print(g));
        }
        Golden.check(golden, text.toString());
        return changed;
    }

    static List<String> kinds(Graph g) { return g.allNodes().stream().map(n -> n.kind()).toList(); }

    static List<String> initializers(Graph g) { return List.copyOf(g.initializers().keySet()); }

    static void assertKinds(Graph g, String... kinds) { assertEquals(List.of(kinds), kinds(g)); }
}
