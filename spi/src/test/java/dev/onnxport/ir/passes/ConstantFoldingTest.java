package dev.onnxport.ir.passes;

import static dev.onnxport.ir.passes.PassCheck.apply;
import static dev.onnxport.ir.passes.PassCheck.assertKinds;
import static dev.onnxport.ir.passes.PassCheck.initializers;
import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.CAT;
import static dev.onnxport.trace.TestOps.DROPOUT;
import static dev.onnxport.trace.TestOps.MATMUL;
import static dev.onnxport.trace.TestOps.OPAQUE;
import static dev.onnxport.trace.TestOps.RAND_LIKE;
import static dev.onnxport.trace.TestOps.SCALE;
import static dev.onnxport.trace.TestOps.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class ConstantFoldingTest {
    /** y = x @ t(W) + cat([2 * b, b]) under scope "fc": every parameter-only computation folds. */
    static final class Fc extends Module {
        final Parameter weight = registerParameter("weight", TestOps.random(1, 4, 3));
        final Parameter bias = registerParameter("bias", TestOps.random(2, 2));

        Tensor forward(Tensor x) {
            return scoped(() -> {
                Tensor b = CAT.call1(new Object[] {new Object[] {SCALE.call1(bias.get(), 2.0), bias.get()}});
                return ADD.call1(MATMUL.call1(x, T.call1(weight.get())), b);
            });
        }
    }

    static final class Net extends Module {
        final Fc fc = registerModule("fc", new Fc());

        @Override public Object invoke(Tensor... in) { return fc.forward(in[0]); }
    }

    @Test
    void foldsParameterOnlySubgraphsIntoNamedInitializers() {
        Net net = new Net();
        float[] weightBefore = net.fc.weight.get().floats().clone();
        Graph g = Tracer.trace(net, TestOps.random(3, 2, 3));
        assertTrue(apply("fold_params", g, new ConstantFolding(), new DeadCodeElimination()));
        assertKinds(g, "test::matmul", "test::add");
        assertEquals(List.of("fc.cat_0", "fc.t_0"), initializers(g));
        Tensor t = g.initializers().get("fc.t_0").data();
        Tensor w = net.fc.weight.get();
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) assertEquals(w.getDouble(i, j), t.getDouble(j, i));
        double[] bias = net.fc.bias.get().toDoubleArray();
        assertArrayEquals(new double[] {(float) (2 * bias[0]), (float) (2 * bias[1]), bias[0], bias[1]},
                g.initializers().get("fc.cat_0").data().toDoubleArray());
        assertArrayEquals(weightBefore, net.fc.weight.get().floats(), "folding must not touch the parameters");
        assertFalse(new ConstantFolding().run(g));
    }

    /** Ops that must not fold: random, dropout in training, reading an input, feeding a graph output. */
    static final class Unfoldable extends Module {
        final Parameter w = registerParameter("w", TestOps.random(4, 2, 2));

        @Override public Object invoke(Tensor... in) {
            Tensor w0 = w.get();
            Tensor r = RAND_LIKE.call1(w0);
            Tensor dTrain = DROPOUT.call1(w0, 0.5, true);
            Tensor dEval = DROPOUT.call1(w0, 0.5, false);
            Tensor fromInput = ADD.call1(in[0], w0);
            Tensor sum = ADD.call1(ADD.call1(ADD.call1(fromInput, r), dTrain), dEval);
            return new Tensor[] {sum, T.call1(w0)};
        }
    }

    @Test
    void leavesRandomInputDependentAndOutputNodes() {
        Graph g = Tracer.trace(new Unfoldable(), TestOps.random(5, 2, 2));
        assertTrue(apply("fold_skips", g, new ConstantFolding(), new DeadCodeElimination()));
        List<Node> dropouts = g.nodes().stream().filter(n -> n.kind().equals("test::dropout")).toList();
        assertEquals(1, dropouts.size(), "only the eval-mode dropout folds");
        assertEquals(true, dropouts.get(0).input(2).producer().constantValue());
        assertKinds(g, "test::rand_like", "prim::Constant", "prim::Constant", "test::dropout",
                "test::add", "test::add", "test::add", "test::add", "test::t");
        assertEquals(List.of("w", "dropout_0"), initializers(g));
    }

    @Test
    void leavesOpsWithoutKernel() {
        Graph g = new Graph("opaque");
        Value x = g.addInput("x", Type.tensor(DType.FLOAT32, new long[] {2}));
        Value w = g.addInitializer("w", TestOps.random(1, 2));
        Node o = g.body().append("test::opaque", OPAQUE);
        o.addInput(w);
        Node add = g.body().append("test::add", ADD);
        add.addInput(x).addInput(o.addOutput(w.type()));
        g.addOutput(add.addOutput(x.type()));
        assertFalse(new ConstantFolding().run(g));
        GraphVerifier.verify(g);
    }

    @Test
    void respectsTheByteLimit() {
        Graph g = Tracer.trace(new Net(), TestOps.random(3, 2, 3));
        ConstantFolding small = new ConstantFolding(16);  // t(W) is 48 bytes, 2 * b 8, cat 16
        assertTrue(small.run(g));
        assertEquals(List.of("fc.bias", "fc.weight", "fc.scale_0", "fc.cat_0"), initializers(g));
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind().equals("test::t")));
        Value tOut = g.nodes().stream().filter(n -> n.kind().equals("test::t")).findFirst().orElseThrow().output();
        assertFalse(tOut.isInitializer());
    }

    /** aten::slice (every second column from 1), then transpose and reshape, all on a parameter. */
    static final class SliceOfParameter extends Module {
        final Parameter w = registerParameter("w", TestOps.random(11, 4, 6));

        @Override public Object invoke(Tensor... in) {
            Tensor s = dev.onnxport.nn.F.slice(w.get(), 1, 1L, 6L, 2);                        // (4, 3)
            Tensor r = dev.onnxport.nn.F.reshape(dev.onnxport.nn.F.transpose(s, 0, 1), 12);  // (12)
            return dev.onnxport.nn.F.add(in[0], r);
        }
    }

    /** The real aten kernels fold a slice of a parameter (and what reads it) to the values indexed by hand. */
    @Test
    void foldsASliceOfAParameterWithItsValues() {
        SliceOfParameter m = new SliceOfParameter();
        Graph g = Tracer.trace(m, TestOps.random(12, 12));
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind().equals("aten::slice")), "traced: " + g);
        assertTrue(new ConstantFolding().run(g));
        new DeadCodeElimination().run(g);
        GraphVerifier.verify(g);
        List<String> kinds = g.nodes().stream().map(Node::kind).filter(k -> !k.equals("prim::Constant")).toList();
        assertEquals(List.of("aten::add"), kinds, "only the add reading the input remains: " + g);
        Node add = g.nodes().stream().filter(n -> n.kind().equals("aten::add")).findFirst().orElseThrow();
        Value folded = add.input(1);
        assertTrue(folded.isInitializer(), folded + " is not an initializer");
        Tensor w = m.w.get();
        double[] want = new double[12];
        int k = 0;
        for (int c = 1; c < 6; c += 2) for (int r = 0; r < 4; r++) want[k++] = w.getDouble(r, c);   // transposed slice, row-major
        assertArrayEquals(new long[] {12}, folded.data().shape());
        assertArrayEquals(want, folded.data().toDoubleArray(), 0.0);
    }
}
