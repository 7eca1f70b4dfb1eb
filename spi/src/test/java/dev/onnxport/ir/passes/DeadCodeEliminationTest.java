package dev.onnxport.ir.passes;

import static dev.onnxport.ir.passes.PassCheck.apply;
import static dev.onnxport.ir.passes.PassCheck.assertKinds;
import static dev.onnxport.ir.passes.PassCheck.initializers;
import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.RELU;
import static dev.onnxport.trace.TestOps.SCALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphVerifier;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
    static final Type F3 = Type.tensor(DType.FLOAT32, new long[] {3});

    /** A dead chain reading its own parameter and a float constant, next to the live result; the second input is unused. */
    static final class Net extends Module {
        final Parameter used = registerParameter("used", TestOps.random(1, 3));
        final Parameter unused = registerParameter("unused", TestOps.random(2, 3));

        @Override public Object invoke(Tensor... in) {
            SCALE.call1(ADD.call1(in[0], unused.get()), 3.0);
            return RELU.call1(ADD.call1(in[0], used.get()));
        }
    }

    @Test
    void removesDeadNodesAndTheirInitializersButNoInputs() {
        Graph g = Tracer.trace(new Net(), TestOps.random(3, 3), TestOps.random(4, 3));
        assertTrue(apply("dce_traced", g, new DeadCodeElimination()));
        assertKinds(g, "test::add", "test::relu");
        assertEquals(List.of("used"), initializers(g));
        assertEquals(List.of("input0", "input1"), g.inputs().stream().map(Value::name).toList());
        assertFalse(new DeadCodeElimination().run(g), "a second run finds nothing");
    }

    @Test
    void looksIntoNestedBlocksAndKeepsSideEffects() {
        Graph g = new Graph("nested");
        Value x = g.addInput("x", F3);
        Node live = g.body().append("prim::If", null);
        live.addInput(x);
        Block b = live.addBlock();
        Node kept = b.append("test::relu", RELU);
        kept.addInput(x);
        Node deadInner = b.append("test::relu", RELU);
        deadInner.addInput(x);
        deadInner.addOutput(F3);
        b.addOutput(kept.addOutput(F3));
        Value ifOut = live.addOutput(F3);
        Node deadIf = g.body().append("prim::If", null);
        deadIf.addInput(x);
        Node insideDeadIf = deadIf.addBlock().append("test::relu", RELU);
        insideDeadIf.addInput(x);
        deadIf.blocks().get(0).addOutput(insideDeadIf.addOutput(F3));
        deadIf.addOutput(F3);
        Node effect = g.body().append("test::print", null);
        effect.addInput(x);
        g.addOutput(ifOut);
        GraphVerifier.verify(g);

        assertTrue(apply("dce_nested", g, new DeadCodeElimination()));
        assertEquals(List.of(live, effect), g.nodes());
        assertEquals(List.of(kept), b.nodes());
    }
}
