package dev.onnxport.ir.passes;

import dev.onnxport.testing.Golden;

import static dev.onnxport.ir.passes.PassCheck.assertKinds;
import static dev.onnxport.ir.passes.PassCheck.initializers;
import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.MATMUL;
import static dev.onnxport.trace.TestOps.RELU;
import static dev.onnxport.trace.TestOps.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassManagerTest {
    static final class Proj extends Module {
        final Parameter weight = registerParameter("weight", TestOps.random(9, 3, 3));

        Tensor forward(Tensor x) { return scoped(() -> MATMUL.call1(x, T.call1(weight.get()))); }
    }

    /** Two projections whose weights are equal by value, plus dead code: only the passes together reduce it to one matmul. */
    static final class Net extends Module {
        final Proj a = registerModule("a", new Proj());
        final Proj b = registerModule("b", new Proj());

        @Override public Object invoke(Tensor... in) {
            RELU.call1(in[0]);
            return ADD.call1(a.forward(in[0]), b.forward(in[0]));
        }
    }

    @Test
    void corePassesReachAFixedPoint() {
        Graph g = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        String before = Golden.print(g);
        assertTrue(Passes.core().verifying().run(g));
        Golden.check("core", "# before\n" + before + "# after " + Passes.core().name() + "\n" + Golden.print(g));
        assertKinds(g, "test::matmul", "test::add");
        assertEquals(List.of("a.t_0"), initializers(g));
        Node add = g.nodes().get(1);
        assertSame(add.input(0), add.input(1));
        assertFalse(Passes.core().verifying().run(g), "a fixed point: nothing left to do");
    }

    @Test
    void isDeterministic() {
        Graph g1 = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        Graph g2 = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        Passes.core().run(g1);
        Passes.core().run(g2);
        assertEquals(GraphPrinter.print(g1), GraphPrinter.print(g2));
    }

    @Test
    void reportsPassesThatNeverSettle() {
        GraphPass restless = new GraphPass() {
            @Override public String name() { return "restless"; }
            @Override public boolean run(Graph graph) { return true; }
        };
        Graph g = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PassManager(List.of(restless)).run(g));
        assertTrue(e.getMessage().contains("restless"), e.getMessage());
    }

    @Test
    void verifyingNamesThePassThatBrokeTheGraph() {
        GraphPass breaker = new GraphPass() {
            @Override public String name() { return "breaker"; }
            @Override public boolean run(Graph graph) { graph.body().remove(graph.nodes().get(0)); return true; }
        };
        Graph g = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PassManager(List.of(breaker)).verifying().run(g));
        assertTrue(e.getMessage().startsWith("pass breaker broke graph 'main'"), e.getMessage());
    }
}
