package dev.onnxport.ir.passes;

import static dev.onnxport.ir.passes.PassCheck.apply;
import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.RAND_LIKE;
import static dev.onnxport.trace.TestOps.RELU;
import static dev.onnxport.trace.TestOps.SCALE;
import static dev.onnxport.trace.TestOps.VIEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TestOps;
import dev.onnxport.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CommonSubexpressionEliminationTest {
    /** Pairs of equal computations, and pairs that only look alike. */
    static final class Net extends Module {
        @Override public Object invoke(Tensor... in) {
            Tensor x = in[0];
            Tensor sum = ADD.call1(RELU.call1(x), RELU.call1(x));                          // merge
            sum = ADD.call1(sum, ADD.call1(SCALE.call1(x, 2.0), SCALE.call1(x, 2.0)));     // constants, then nodes
            sum = ADD.call1(sum, ADD.call1(SCALE.call1(x, 0.0), SCALE.call1(x, -0.0)));    // 0.0 and -0.0 differ
            sum = ADD.call1(sum, ADD.call1(flat(x), flat(x)));                             // sizes, lists, views
            sum = ADD.call1(sum, ADD.call1(RAND_LIKE.call1(x), RAND_LIKE.call1(x)));       // random: kept apart
            Tensor c1 = Tensor.of(new float[] {1, 2, 3}), c2 = Tensor.of(new float[] {1, 2, 3}), c3 = Tensor.of(new float[] {1, 2, 4});
            sum = ADD.call1(sum, ADD.call1(ADD.call1(x, c1), ADD.call1(x, c2)));           // equal tensor constants
            return ADD.call1(sum, ADD.call1(x, c3));
        }

        private static Tensor flat(Tensor x) {
            return VIEW.call1(VIEW.call1(x, new Object[] {x.symSize(0).mul(x.symSize(1))}), new Object[] {x.symSize(0), SymInt.of(3)});
        }
    }

    private static Map<String, Integer> histogram(Graph g) {
        Map<String, Integer> h = new TreeMap<>();
        for (Node n : g.nodes()) h.merge(n.kind(), 1, Integer::sum);
        return h;
    }

    @Test
    void mergesEqualNodesConstantsAndLists() {
        Graph g = Tracer.trace(new Net(), TestOps.random(1, 2, 3));
        Map<String, Integer> before = histogram(g);
        assertTrue(apply("cse", g, new CommonSubexpressionElimination(), new DeadCodeElimination()));
        Map<String, Integer> after = histogram(g);
        assertEquals(1, after.get("test::relu"));
        assertEquals(3, after.get("test::scale"), "2.0 twice merges; 0.0 and -0.0 stay apart");
        assertEquals(2, after.get("test::view"));
        assertEquals(2, after.get("aten::size"), "size(x, 0) and size(x, 1), each once");
        assertEquals(1, after.get("aten::mul"));
        assertEquals(2, after.get("test::rand_like"), "random ops are never merged");
        assertEquals(2, before.get("test::rand_like"));
        List<Node> constants = g.nodes().stream().filter(Node::isConstant).toList();
        assertEquals(constants.size(), constants.stream().map(c -> dev.onnxport.ir.GraphPrinter.literal(c.constantValue())
                + c.output().type()).distinct().count(), "no two constants are equal");
        assertFalse(new CommonSubexpressionElimination().run(g));
    }

    @Test
    void valueEqualityComparesContent() {
        assertTrue(CommonSubexpressionElimination.valueEquals(new long[] {1, 2}, new long[] {1, 2}));
        assertFalse(CommonSubexpressionElimination.valueEquals(new long[] {1, 2}, new long[] {2, 1}));
        assertFalse(CommonSubexpressionElimination.valueEquals(1L, 1.0));
        assertFalse(CommonSubexpressionElimination.valueEquals(0.0, -0.0));
        assertTrue(CommonSubexpressionElimination.valueEquals(Double.NaN, Double.NaN));
        assertTrue(CommonSubexpressionElimination.valueEquals(new Boolean[] {true}, new Boolean[] {true}));
        assertFalse(CommonSubexpressionElimination.valueEquals(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {1, 2}, 2, 1)));
        assertTrue(CommonSubexpressionElimination.valueEquals(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {1, 2})));
    }
}
