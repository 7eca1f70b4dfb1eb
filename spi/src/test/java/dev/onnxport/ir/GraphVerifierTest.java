package dev.onnxport.ir;

import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.RELU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphVerifierTest {
    static final Type F3 = Type.tensor(DType.FLOAT32, new long[] {3});

    static final class Net extends Module {
        final Parameter w = registerParameter("w", TestOps.random(1, 3));

        @Override public Object invoke(Tensor... in) { return RELU.call1(ADD.call1(in[0], w.get())); }
    }

    private static Graph traced() { return Tracer.trace(new Net(), TestOps.random(2, 3)); }

    private static void assertProblem(Graph g, String fragment) {
        List<String> p = GraphVerifier.problems(g);
        assertTrue(p.stream().anyMatch(s -> s.contains(fragment)), "expected a problem containing '" + fragment + "', got " + p);
    }

    @Test
    void aTracedGraphIsWellFormed() {
        assertEquals(List.of(), GraphVerifier.problems(traced()));
    }

    @Test
    void useBeforeDefinition() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", F3);
        Node first = g.body().append("test::relu", RELU);
        Node second = g.body().append("test::relu", RELU);
        second.addInput(x);
        first.addInput(second.addOutput(F3));
        g.addOutput(first.addOutput(F3));
        assertProblem(g, "used before its definition");
    }

    @Test
    void inputFromARemovedNode() {
        Graph g = traced();
        Node add = g.nodes().get(0);
        g.body().remove(add);
        assertProblem(g, "comes from a removed node test::add");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GraphVerifier.verify(g));
        assertTrue(e.getMessage().startsWith("graph 'main' is malformed"), e.getMessage());
    }

    @Test
    void undefinedGraphOutput() {
        Graph g = traced();
        g.body().remove(g.nodes().get(1));
        assertProblem(g, "output 0 of the graph comes from a removed node test::relu");
    }

    @Test
    void removedInitializerStillUsed() {
        Graph g = traced();
        g.removeInitializer("w");
        assertProblem(g, "which the graph no longer holds");
    }

    @Test
    void valueOfANestedBlockUsedOutsideIt() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", F3);
        Node owner = g.body().append("prim::If", null);
        owner.addInput(x);
        Block b = owner.addBlock();
        Node inner = b.append("test::relu", RELU);
        inner.addInput(x);
        Value hidden = inner.addOutput(F3);
        b.addOutput(hidden);
        Node after = g.body().append("test::relu", RELU);
        after.addInput(hidden);
        g.addOutput(after.addOutput(F3));
        assertProblem(g, "defined in a block that is not visible here");
    }

    @Test
    void wrongInputCountAndClashingNames() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", F3);
        g.addInput("x", F3);
        Node n = g.body().append("test::add", ADD);
        n.addInput(x);
        g.addOutput(n.addOutput(F3));
        assertProblem(g, "has 1 inputs; its schema has 2 arguments");
        assertProblem(g, "two values are named 'x'");
    }
}
