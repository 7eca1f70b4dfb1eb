package dev.onnxport.ir.passes;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.testing.Golden;

import static dev.onnxport.ir.passes.PassCheck.initializers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import org.junit.jupiter.api.Test;

/** The core passes on a graph of real aten ops, checked by running it before and after at two batch sizes. */
class AtenPassesTest {
    static OpDef op(String name) { return AtenOps.registry().get(name); }

    /** Two linear layers written with aten::t + aten::matmul + aten::add, the second with a value-equal copy of the first's weight. */
    static final class Fc extends Module {
        final Parameter weight, bias;

        Fc(Tensor w, long seed) {
            weight = registerParameter("weight", w);
            bias = registerParameter("bias", TestOps.random(seed, 4));
        }

        Tensor forward(Tensor x) {
            return scoped(() -> op("aten::add.Tensor").call1(op("aten::matmul").call1(x, op("aten::t").call1(weight.get())), bias.get()));
        }
    }

    static final class Net extends Module {
        final Fc fc1, fc2;

        Net() {
            Tensor w = TestOps.random(1, 4, 4);
            fc1 = registerModule("fc1", new Fc(w, 2));
            fc2 = registerModule("fc2", new Fc(w.copy(), 3));
        }

        @Override public Object invoke(Tensor... in) {
            Tensor x = in[0];
            Tensor h = op("aten::relu").call1(fc1.forward(x));
            h = op("aten::dropout").call1(h, 0.1, false);
            op("aten::relu").call1(h);  // dead
            Tensor y = fc2.forward(h);
            SymInt b = x.symSize(0);
            return op("aten::view").call1(y, new Object[] {b.mul(2), SymInt.of(2)});
        }
    }

    @Test
    void corePassesKeepTheMeaningOfAnAtenGraph() {
        Net net = new Net();
        net.eval();
        Tensor x = TestOps.random(5, 3, 4), other = TestOps.random(6, 5, 4);
        Graph g = Tracer.trace(net, x);
        String before = Golden.print(g);
        double[] want = ((Tensor) net.invoke(x)).toDoubleArray();
        assertArrayEquals(want, GraphRunner.run(g, x).get(0).toDoubleArray(), 1e-6);

        assertTrue(Passes.core().verifying().run(g));
        Golden.check("core_aten", "# before\n" + before + "# after " + Passes.core().name() + "\n" + Golden.print(g));
        assertEquals(java.util.List.of("fc1.bias", "fc2.bias", "fc1.t_0"), initializers(g),
                "both transposed weights fold, and the equal results merge into the first");
        assertTrue(g.nodes().stream().noneMatch(n -> n.kind().equals("aten::t")));
        assertEquals(1, g.nodes().stream().filter(n -> n.kind().equals("aten::relu")).count());
        for (Tensor in : new Tensor[] {x, other}) {
            assertArrayEquals(((Tensor) net.invoke(in)).toDoubleArray(), GraphRunner.run(g, in).get(0).toDoubleArray(), 1e-6,
                    "batch " + in.size(0));
        }
        Node view = g.nodes().get(g.nodes().size() - 1);
        assertEquals("aten::view", view.kind());
    }
}
