package dev.onnxport.readme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java example of README.md, kept compiling and behaving as the README says. */
class ReadmeExampleTest {

    // --- as in README.md ---
    static class Mlp extends Module {
        final Linear fc1 = registerModule("fc1", new Linear(4, 8));
        final Linear fc2 = registerModule("fc2", new Linear(8, 2));

        Tensor forward(Tensor x) { return scoped(() -> fc2.forward(F.relu(fc1.forward(x)))); }

        @Override public Object invoke(Tensor... in) { return forward(in[0]); }
    }
    // ---

    @Test
    void exampleTracesTheCallsTheReadmeNames() {
        Mlp model = new Mlp();
        model.eval();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        Tensor y = model.forward(x);
        assertArrayEquals(new long[] {2, 2}, y.shape());

        Graph g = Tracer.trace(model, x);
        List<String> ops = g.nodes().stream().map(Node::kind).filter(k -> k.startsWith("aten::")).toList();
        assertEquals(List.of("aten::linear", "aten::relu", "aten::linear"), ops);
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(g.initializers().keySet()));
        assertTrue(g.toString().contains("fc1 (Linear)"), g.toString());
        assertTrue(g.toString().contains("ReadmeExampleTest.java:"), "source lines name the user's file");
    }
}
