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

    /**
     * ONNX-dialect subgraphs are graph attributes: a value defined outside and read only inside the subgraph of a live
     * node stays, a dead node inside it goes, and an outer value read only by that dead node goes with it.
     */
    @Test
    void subgraphAttributesReadOuterValues() {
        Graph g = new Graph("attr");
        Value x = g.addInput("x", F3);
        Node outerUsedInside = g.body().append("onnx::Relu", null);
        outerUsedInside.addInput(x);
        Value captured = outerUsedInside.addOutput(F3);
        Node outerForDeadInner = g.body().append("onnx::Neg", null);
        outerForDeadInner.addInput(x);
        Value onlyDeadReads = outerForDeadInner.addOutput(F3);

        Graph branch = new Graph("then");
        Node reads = branch.body().append("onnx::Abs", null);
        reads.addInput(captured);
        Node deadInner = branch.body().append("onnx::Abs", null);
        deadInner.addInput(onlyDeadReads);
        deadInner.addOutput(F3);
        branch.addOutput(reads.addOutput(F3));

        Node ifNode = g.body().append("onnx::If", null);
        ifNode.addInput(x);
        ifNode.setAttr("then_branch", branch);
        g.addOutput(ifNode.addOutput(F3));

        assertEquals(2, DeadCodeElimination.removeDeadNodes(g, DeadCodeElimination.ANY));
        assertEquals(List.of(outerUsedInside, ifNode), g.nodes());
        assertEquals(List.of(reads), branch.nodes());
    }

    /**
     * With a narrower rule (only constants removable, as after lowering) the other nodes stay even when dead, and keep
     * what they read; a constant returned only by a block of a live node is a use, not dead.
     */
    @Test
    void aNarrowRuleKeepsTheOtherNodesAndCountsBlockOutputs() {
        Graph g = new Graph("narrow");
        Value x = g.addInput("x", F3);
        Node readByDead = g.body().append(Node.CONSTANT, null);
        Value c1 = readByDead.addOutput(F3);
        Node deadButKept = g.body().append("onnx::Add", null);
        deadButKept.addInput(x);
        deadButKept.addInput(c1);
        deadButKept.addOutput(F3);
        Node returnedByBlock = g.body().append(Node.CONSTANT, null);
        Value c2 = returnedByBlock.addOutput(F3);
        Node unused = g.body().append(Node.CONSTANT, null);
        unused.addOutput(F3);
        Node loop = g.body().append("onnx::Loop", null);
        loop.addInput(x);
        loop.addBlock().addOutput(c2);
        g.addOutput(loop.addOutput(F3));

        assertEquals(1, DeadCodeElimination.removeDeadNodes(g, Node::isConstant));
        assertEquals(List.of(readByDead, deadButKept, returnedByBlock, loop), g.nodes());
    }

    /** Unused initializers go; one read only inside a subgraph attribute stays. */
    @Test
    void initializersReadInsideSubgraphsStay() {
        Graph g = new Graph("inits");
        Value x = g.addInput("x", F3);
        Value inside = g.addInitializer("inside", TestOps.random(5, 3));
        g.addInitializer("unused", TestOps.random(6, 3));
        Graph body = new Graph("body");
        Node add = body.body().append("onnx::Add", null);
        add.addInput(x);
        add.addInput(inside);
        body.addOutput(add.addOutput(F3));
        Node loop = g.body().append("onnx::Loop", null);
        loop.setAttr("body", body);
        g.addOutput(loop.addOutput(F3));

        assertEquals(1, DeadCodeElimination.removeUnusedInitializers(g));
        assertEquals(List.of("inside"), initializers(g));
    }
}
