package dev.onnxport.onnx.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** ONNX constant folding replaces an If whose condition became a constant by the taken branch; outer reads survive. */
class ControlFlowFoldingTest {
    private static Graph branch(String name, String op, Value x) {
        Graph b = new Graph(name);
        Node n = b.body().append("onnx::" + op, null).addInput(x);
        b.addOutput(n.addOutput(x.type()));
        return b;
    }

    private static Graph model(boolean cond) {
        Graph g = new Graph("main");
        Value x = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {3}));
        Node c = g.body().append("onnx::Constant", null).setAttr("value", Tensor.of(new boolean[] {cond}));
        Value p = c.addOutput(Type.tensor(DType.BOOL, new long[0]));
        Node relu = g.body().append("onnx::Relu", null).addInput(x);
        Value y = relu.addOutput(x.type());
        Node iff = g.body().append("onnx::If", null).addInput(p);
        iff.setAttr("then_branch", branch("then_branch", "Neg", y));
        iff.setAttr("else_branch", branch("else_branch", "Abs", y));
        g.addOutput(iff.addOutput(x.type()).setName("out"));
        return g;
    }

    @Test
    void aConstantConditionInlinesTheTakenBranch() {
        for (boolean cond : new boolean[] {true, false}) {
            Graph g = model(cond);
            assertTrue(new OnnxConstantFolding(17).run(g));
            OnnxCleanup.run(g);
            assertFalse(g.allNodes().stream().anyMatch(n -> n.kind().equals("onnx::If")), g.toString());
            Node last = g.outputs().get(0).producer();
            assertEquals("out", g.outputs().get(0).name());
            assertEquals(cond ? "onnx::Neg" : "onnx::Abs", last.kind(), g.toString());
            assertEquals("onnx::Relu", last.input(0).producer().kind(), "the branch still reads the outer value");
        }
    }
}
