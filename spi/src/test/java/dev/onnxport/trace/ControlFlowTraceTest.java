package dev.onnxport.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphVerifier;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Golden;
import org.junit.jupiter.api.Test;

/** nn.F's control flow: eager semantics, and the traced blocks (layout, outer reads, varying dims, the printed form). */
class ControlFlowTraceTest {
    private static Tensor x() { return Tensor.of(new float[] {1, -2, 3}, 3); }

    /** A while loop that doubles x until its sum passes 10, inside it nothing else; then a cond on the result. */
    static final class Model extends Module {
        @Override public Object invoke(Tensor... in) {
            Tensor[] r = F.whileLoop(c -> F.logicalNot(F.gt(F.sum(c[0]), 10.0)), c -> new Tensor[] {F.mul(c[0], 2.0)}, 8, in[0]);
            return F.cond(F.gt(F.sum(r[0]), 20.0), o -> new Tensor[] {F.neg(o[0])}, o -> new Tensor[] {o[0]}, r[0])[0];
        }
    }

    @Test
    void eagerRunsAsPlainJava() {
        assertArrayEquals(new double[] {8, -16, 24}, ((Tensor) new Model().invoke(x())).toDoubleArray());
        Tensor[] grown = F.fori(3, (i, c) -> new Tensor[] {F.cat(new Tensor[] {c[0], F.unsqueeze(F.to(i, c[0].dtype()), 0)}, 0)}, x());
        assertArrayEquals(new double[] {1, -2, 3, 0, 1, 2}, grown[0].toDoubleArray());
        Tensor[] s = F.scan(v -> new Tensor[] {F.add(v[0], v[1]), F.mul(v[1], 10.0)}, new Tensor[] {Tensor.scalar(0.0, x().dtype())}, 0, x());
        assertEquals(2.0, s[0].item());
        assertArrayEquals(new double[] {10, -20, 30}, s[1].toDoubleArray());
    }

    @Test
    void tracedBodiesAreBlocksReadingOuterValuesByReference() {
        Graph g = Tracer.trace(new Model(), x());
        GraphVerifier.verify(g);
        Node loop = g.nodes().stream().filter(n -> n.kind().equals("prim::Loop")).findFirst().orElseThrow();
        assertEquals(2, loop.blocks().get(0).inputs().size(), "iteration number and one carried value");
        assertEquals(2, loop.blocks().get(0).outputs().size(), "condition and one carried value");
        Node iff = g.nodes().stream().filter(n -> n.kind().equals("prim::If")).findFirst().orElseThrow();
        assertNotSame(iff.blocks().get(1).outputs().get(0), iff.output(), "the else branch returns the outer value itself");
        assertEquals(loop.output(), iff.blocks().get(1).outputs().get(0));
        Golden.check("control_flow_trace", Golden.print(g));
    }

    @Test
    void dimsThatGrowInALoopAreUnknown() {
        Module grow = new Module() {
            @Override public Object invoke(Tensor... in) {
                return F.fori(in[1], (i, c) -> new Tensor[] {F.cat(new Tensor[] {c[0], c[0]}, 0)}, in[0])[0];
            }
        };
        Graph g = Tracer.trace(grow, x(), Tensor.scalar(2L));
        Node loop = g.nodes().stream().filter(n -> n.kind().equals("prim::Loop")).findFirst().orElseThrow();
        assertEquals(Type.UNKNOWN_DIM, loop.output().type().symbol(0));
        assertEquals(Type.UNKNOWN_DIM, loop.blocks().get(0).inputs().get(1).type().symbol(0));
        assertArrayEquals(new long[] {12}, loop.output().type().shape(), "the traced size is the eager one");
    }

    @Test
    void aLoopBodyMustKeepDtypeAndRank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.fori(2, (i, c) -> new Tensor[] {F.sum(c[0])}, x()));
        assertTrue(e.getMessage().contains("keeps its dtype and rank"), e.getMessage());
    }
}
