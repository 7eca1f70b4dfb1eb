package dev.onnxport.onnx.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OnnxConstantFolding} on hand-built ONNX graphs, without fixtures: each folded value is compared with values
 * computed here by explicit index arithmetic (never with the pass's own output), and the nodes it must leave alone
 * stay. Every folded node feeds an {@code Add} with a graph input, so it is not itself a graph output.
 */
class OnnxConstantFoldingTest {
    /** 0, 1.5, 3, ... minus 7: distinct values, so a wrong index shows. */
    static Tensor ramp(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] a = new float[(int) n];
        for (int i = 0; i < n; i++) a[i] = i * 1.5f - 7f;
        return Tensor.of(a, shape);
    }

    /** A graph with input {@code x} (dynamic shape) and the folding candidate {@code op(inputs)} read by x + op(...). */
    static final class G {
        final Graph g = new Graph("g");
        final Value x = g.addInput("x", Type.tensor(DType.FLOAT32));
        Node consumer;

        Value init(String name, Tensor t) { return g.addInitializer(name, t); }

        Value node(String op, Map<String, Object> attrs, Value... in) {
            Node n = g.body().append("onnx::" + op, null);
            for (Value v : in) n.addInput(v);
            attrs.forEach(n::setAttr);
            return n.addOutput(Type.tensor(DType.FLOAT32)).setName(op.toLowerCase() + "_out");
        }

        /** y = Add(x, v), the graph output: the value v is read by a node, not by the graph. */
        G read(Value v) {
            consumer = g.body().append("onnx::Add", null);
            consumer.addInput(x).addInput(v);
            g.addOutput(consumer.addOutput(Type.tensor(DType.FLOAT32)).setName("y"));
            return this;
        }

        boolean fold(int opset) { return new OnnxConstantFolding(opset).run(g); }

        /** What the consumer reads now: a constant (initializer or Constant node) or null. */
        Tensor folded() { return OnnxGraphs.constant(consumer.input(1)); }

        long count(String op) { return g.nodes().stream().filter(n -> n.kind().equals("onnx::" + op)).count(); }
    }

    private static void assertValues(double[] want, long[] shape, Tensor got) {
        assertNotNull(got, "not folded");
        assertArrayEquals(shape, got.shape(), "shape");
        double[] g = new double[(int) got.numel()];
        for (int i = 0; i < g.length; i++) g[i] = got.getDoubleFlat(i);
        assertArrayEquals(want, g, 0.0, "values");
    }

    @Test
    void transposeWithPermFollowsTheIndexMap() {
        G t = new G();
        Tensor w = ramp(2, 3, 4);
        t.read(t.node("Transpose", Map.of("perm", new long[] {2, 0, 1}), t.init("w", w)));
        assertTrue(t.fold(17));
        // out[a][b][c] = w[b][c][a], out shape (4, 2, 3)
        double[] want = new double[24];
        int k = 0;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++) want[k++] = w.getDouble(b, c, a);
        assertValues(want, new long[] {4, 2, 3}, t.folded());
        assertEquals(0, t.count("Transpose"));
        assertEquals(1, t.count("Constant"), "24 elements <= 64: a Constant node");
        assertEquals("transpose_out", t.consumer.input(1).name(), "the folded value keeps the name");
    }

    @Test
    void transposeWithoutPermReversesTheDims() {
        G t = new G();
        Tensor w = ramp(2, 3, 4);
        t.read(t.node("Transpose", Map.of(), t.init("w", w)));
        assertTrue(t.fold(17));
        double[] want = new double[24];
        int k = 0;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < 2; c++) want[k++] = w.getDouble(c, b, a);
        assertValues(want, new long[] {4, 3, 2}, t.folded());
    }

    /** A Reshape of a folded Transpose reads the transposed order, not the storage order of the original. */
    @Test
    void reshapeOfAFoldedTransposeReadsTheTransposedOrder() {
        G t = new G();
        Tensor w = ramp(3, 5);
        Value tr = t.node("Transpose", Map.of("perm", new long[] {1, 0}), t.init("w", w));
        t.read(t.node("Reshape", Map.of(), tr, t.init("shape", Tensor.of(new long[] {-1}, 1))));
        assertTrue(t.fold(17));
        double[] want = new double[15];
        int k = 0;
        for (int a = 0; a < 5; a++) for (int b = 0; b < 3; b++) want[k++] = w.getDouble(b, a);
        assertValues(want, new long[] {15}, t.folded());
        assertEquals(0, t.count("Transpose") + t.count("Reshape"));
    }

    @Test
    void reshapeCopiesZeroDimsAndInfersMinusOne() {
        G t = new G();
        Tensor w = ramp(2, 3, 4);
        t.read(t.node("Reshape", Map.of(), t.init("w", w), t.init("shape", Tensor.of(new long[] {0, -1, 2}, 3))));
        assertTrue(t.fold(17));
        double[] want = new double[24];
        for (int i = 0; i < 24; i++) want[i] = i * 1.5 - 7;
        assertValues(want, new long[] {2, 6, 2}, t.folded());
    }

    @Test
    void reshapeTargetRules() {
        long[] in = {2, 3, 4};
        assertArrayEquals(new long[] {2, 12}, OnnxConstantFolding.reshapeTarget(in, new long[] {0, -1}, false));
        assertArrayEquals(new long[] {4, 3, 2}, OnnxConstantFolding.reshapeTarget(in, new long[] {4, 3, 2}, false));
        assertArrayEquals(new long[] {24}, OnnxConstantFolding.reshapeTarget(in, new long[] {-1}, true));
        // allowzero: a 0 is a real 0, so the count changes
        assertThrowsIae(() -> OnnxConstantFolding.reshapeTarget(in, new long[] {0, 24}, true));
        assertThrowsIae(() -> OnnxConstantFolding.reshapeTarget(in, new long[] {-1, -1}, false));
        assertThrowsIae(() -> OnnxConstantFolding.reshapeTarget(in, new long[] {5, -1}, false));
        assertThrowsIae(() -> OnnxConstantFolding.reshapeTarget(in, new long[] {5, 5}, false));
        assertThrowsIae(() -> OnnxConstantFolding.reshapeTarget(new long[] {0, 3}, new long[] {0, -1}, true));
    }

    private static void assertThrowsIae(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void malformedReshapeIsLeftToTheRuntime() {
        G t = new G();
        t.read(t.node("Reshape", Map.of(), t.init("w", ramp(2, 3)), t.init("shape", Tensor.of(new long[] {4, -1}, 2))));
        assertFalse(t.fold(17));
        assertEquals(1, t.count("Reshape"));
    }

    @Test
    void gatherAlongAxis0WithANegativeIndex() {
        G t = new G();
        Tensor data = ramp(3, 4);
        t.read(t.node("Gather", Map.of(), t.init("data", data), t.init("idx", Tensor.of(new long[] {2, -3}, 2))));
        assertTrue(t.fold(17));
        double[] want = new double[8];
        for (int j = 0; j < 4; j++) {
            want[j] = data.getDouble(2, j);
            want[4 + j] = data.getDouble(0, j);
        }
        assertValues(want, new long[] {2, 4}, t.folded());
    }

    @Test
    void gatherAlongAxis1WithTwoDimensionalIndices() {
        G t = new G();
        Tensor data = ramp(3, 4);
        long[][] idx = {{3, 0}, {-1, 1}};
        t.read(t.node("Gather", Map.of("axis", 1L), t.init("data", data), t.init("idx", Tensor.of(new long[] {3, 0, -1, 1}, 2, 2))));
        assertTrue(t.fold(17));
        // out[i][j][k] = data[i][idx[j][k]], shape (3, 2, 2)
        double[] want = new double[12];
        int n = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) want[n++] = data.getDouble(i, (idx[j][k] + 4) % 4);
        assertValues(want, new long[] {3, 2, 2}, t.folded());
    }

    /** Shape arithmetic: one int64 element of a shape vector, 0-d index: a 0-d result, exact. */
    @Test
    void gatherOfAnInt64ShapeVectorIsExact() {
        G t = new G();
        long big = (1L << 53) + 1;   // not representable as a double: an exact copy is needed
        t.read(t.node("Gather", Map.of("axis", 0L), t.init("dims", Tensor.of(new long[] {2, big, 5}, 3)), t.init("i", Tensor.scalar(1L))));
        assertTrue(t.fold(17));
        Tensor got = t.folded();
        assertEquals(DType.INT64, got.dtype());
        assertArrayEquals(new long[] {}, got.shape());
        assertEquals(big, got.getLongFlat(0));
    }

    @Test
    void gatherOutOfRangeIsLeftToTheRuntime() {
        G t = new G();
        t.read(t.node("Gather", Map.of(), t.init("data", ramp(3, 4)), t.init("idx", Tensor.of(new long[] {3}, 1))));
        assertFalse(t.fold(17));
        assertEquals(1, t.count("Gather"));
        G u = new G();
        u.read(u.node("Gather", Map.of(), u.init("data", ramp(3, 4)), u.init("idx", Tensor.of(new long[] {-4}, 1))));
        assertFalse(u.fold(17));
    }

    /**
     * Slice is not one of the ops this pass folds (it is folded, when it reads parameters, by the aten-level
     * ConstantFolding before lowering: see ConstantFoldingTest): a Slice of initializers stays for the runtime.
     */
    @Test
    void sliceOfInitializersIsLeftAlone() {
        G t = new G();
        t.read(t.node("Slice", Map.of(), t.init("data", ramp(3, 4)), t.init("starts", Tensor.of(new long[] {1}, 1)),
                t.init("ends", Tensor.of(new long[] {3}, 1))));
        assertFalse(t.fold(17));
        assertEquals(1, t.count("Slice"));
        assertNull(t.folded());
    }

    @Test
    void aNodeReadingAGraphInputIsNotFolded() {
        G t = new G();
        t.read(t.node("Transpose", Map.of("perm", new long[] {1, 0}), t.x));
        assertFalse(t.fold(17));
        assertEquals(1, t.count("Transpose"));
    }

    @Test
    void aNodeProducingAGraphOutputKeepsItsNode() {
        G t = new G();
        Value tr = t.node("Transpose", Map.of("perm", new long[] {1, 0}), t.init("w", ramp(2, 3)));
        t.g.addOutput(tr);
        assertFalse(t.fold(17));
        assertEquals(1, t.count("Transpose"));
    }

    @Test
    void resultsAbove64ElementsBecomeInitializers() {
        G t = new G();
        Tensor w = ramp(5, 13);   // 65 elements
        t.read(t.node("Transpose", Map.of("perm", new long[] {1, 0}), t.init("w", w)));
        assertTrue(t.fold(17));
        Value v = t.consumer.input(1);
        assertTrue(v.isInitializer(), "65 elements: an initializer");
        assertEquals("transpose_out", v.name());
        assertSame(v, t.g.initializers().get("transpose_out"));
        assertEquals(0, t.count("Constant"));
        double[] want = new double[65];
        int k = 0;
        for (int a = 0; a < 13; a++) for (int b = 0; b < 5; b++) want[k++] = w.getDouble(b, a);
        assertValues(want, new long[] {13, 5}, v.data());

        G s = new G();
        s.read(s.node("Transpose", Map.of("perm", new long[] {1, 0}), s.init("w", ramp(8, 8))));   // exactly 64
        assertTrue(s.fold(17));
        assertEquals(1, s.count("Constant"));
        assertFalse(s.consumer.input(1).isInitializer());
    }

    /** Below opset 9 a Constant holds floating tensors only: a small folded int64 result becomes an initializer. */
    @Test
    void opset8KeepsIntegerResultsOutOfConstants() {
        G t = new G();
        t.read(t.node("Gather", Map.of(), t.init("dims", Tensor.of(new long[] {2, 3, 5}, 3)), t.init("i", Tensor.of(new long[] {2}, 1))));
        assertTrue(t.fold(8));
        assertTrue(t.consumer.input(1).isInitializer());
        assertArrayEquals(new long[] {5}, t.folded().toLongArray());
        G f = new G();
        f.read(f.node("Transpose", Map.of(), f.init("w", ramp(2, 2))));
        assertTrue(f.fold(8));
        assertEquals(1, f.count("Constant"), "a float result is a Constant at opset 8 too");
        G n = new G();
        n.read(n.node("Gather", Map.of(), n.init("dims", Tensor.of(new long[] {2, 3, 5}, 3)), n.init("i", Tensor.of(new long[] {2}, 1))));
        assertTrue(n.fold(9));
        assertEquals(1, n.count("Constant"), "from opset 9 an int64 result is a Constant");
    }

    @Test
    void exactCastsFoldAndLossyOnesStay() {
        G t = new G();
        t.read(t.node("Cast", Map.of("to", 7L), t.init("i32", Tensor.of(new int[] {-3, 0, 2_000_000_000}, 3))));   // INT32 -> INT64
        assertTrue(t.fold(17));
        assertEquals(DType.INT64, t.folded().dtype());
        assertArrayEquals(new long[] {-3, 0, 2_000_000_000}, t.folded().toLongArray());

        G d = new G();
        d.read(d.node("Cast", Map.of("to", 11L), d.init("f", Tensor.of(new float[] {0.1f, -2.5f}, 2))));   // FLOAT -> DOUBLE
        assertTrue(d.fold(17));
        assertEquals(DType.FLOAT64, d.folded().dtype());
        assertArrayEquals(new double[] {0.1f, -2.5f}, d.folded().toDoubleArray(), 0.0);

        for (Object[] lossy : new Object[][] {
                {7L, Tensor.of(new float[] {1.5f}, 1)},        // float -> int64: rounding is the runtime's
                {6L, Tensor.of(new long[] {1L << 40}, 1)},     // int64 -> int32 narrows
                {9L, Tensor.of(new long[] {2}, 1)}}) {         // -> bool
            G l = new G();
            l.read(l.node("Cast", Map.of("to", lossy[0]), l.init("v", (Tensor) lossy[1])));
            assertFalse(l.fold(17), "Cast to " + lossy[0]);
            assertEquals(1, l.count("Cast"));
        }
    }

    @Test
    void concatAlongTheLastAxis() {
        G t = new G();
        Tensor a = Tensor.of(new float[] {1, 2}, 2, 1), b = Tensor.of(new float[] {3, 4, 5, 6}, 2, 2);
        t.read(t.node("Concat", Map.of("axis", -1L), t.init("a", a), t.init("b", b)));
        assertTrue(t.fold(17));
        assertValues(new double[] {1, 3, 4, 2, 5, 6}, new long[] {2, 3}, t.folded());
        G z = new G();
        z.read(z.node("Concat", Map.of("axis", 0L), z.init("a", a), z.init("b", Tensor.of(new float[] {7, 8}, 2, 1))));
        assertTrue(z.fold(17));
        assertValues(new double[] {1, 2, 7, 8}, new long[] {4, 1}, z.folded());
    }

    @Test
    void flattenUnsqueezeSqueezeOnlyChangeTheShape() {
        double[] flat = new double[24];
        for (int i = 0; i < 24; i++) flat[i] = i * 1.5 - 7;
        G f = new G();
        f.read(f.node("Flatten", Map.of("axis", 2L), f.init("w", ramp(2, 3, 4))));
        assertTrue(f.fold(17));
        assertValues(flat, new long[] {6, 4}, f.folded());
        G f1 = new G();
        f1.read(f1.node("Flatten", Map.of(), f1.init("w", ramp(2, 3, 4))));
        assertTrue(f1.fold(17));
        assertValues(flat, new long[] {2, 12}, f1.folded());

        G u = new G();   // opset 13+: axes as an input
        u.read(u.node("Unsqueeze", Map.of(), u.init("w", ramp(2, 3, 4)), u.init("axes", Tensor.of(new long[] {0, -1}, 2))));
        assertTrue(u.fold(13));
        assertValues(flat, new long[] {1, 2, 3, 4, 1}, u.folded());
        G u11 = new G();   // before 13: axes as an attribute
        u11.read(u11.node("Unsqueeze", Map.of("axes", new long[] {1}), u11.init("w", ramp(2, 3, 4))));
        assertTrue(u11.fold(11));
        assertValues(flat, new long[] {2, 1, 3, 4}, u11.folded());

        G s = new G();
        s.read(s.node("Squeeze", Map.of(), s.init("w", ramp(1, 2, 1, 12))));
        assertTrue(s.fold(17));
        assertValues(flat, new long[] {2, 12}, s.folded());
        G s2 = new G();
        s2.read(s2.node("Squeeze", Map.of(), s2.init("w", ramp(1, 2, 1, 12)), s2.init("axes", Tensor.of(new long[] {-2}, 1))));
        assertTrue(s2.fold(17));
        assertValues(flat, new long[] {1, 2, 12}, s2.folded());
        G bad = new G();   // squeezing a dim that is not 1 is malformed: left to the runtime
        bad.read(bad.node("Squeeze", Map.of("axes", new long[] {1}), bad.init("w", ramp(1, 2, 12))));
        assertFalse(bad.fold(11));
    }

    @Test
    void unsqueezedAndSqueezedShapes() {
        assertArrayEquals(new long[] {1, 3, 1, 4}, OnnxConstantFolding.unsqueezed(new long[] {3, 4}, new long[] {0, 2}));
        assertArrayEquals(new long[] {3, 4, 1}, OnnxConstantFolding.unsqueezed(new long[] {3, 4}, new long[] {-1}));
        assertThrowsIae(() -> OnnxConstantFolding.unsqueezed(new long[] {3}, new long[] {0, -3}));
        assertArrayEquals(new long[] {3, 4}, OnnxConstantFolding.squeezed(new long[] {1, 3, 1, 4}, null));
        assertArrayEquals(new long[] {3, 1, 4}, OnnxConstantFolding.squeezed(new long[] {1, 3, 1, 4}, new long[] {0}));
    }

    /** Shape of a value whose type is fully static (start/end of opset 15); a symbolic dim keeps the node. */
    @Test
    void shapeOfAStaticTypeFolds() {
        G t = new G();
        Value in = t.g.addInput("s", Type.tensor(DType.FLOAT32, new long[] {2, 3, 4}));
        t.read(t.node("Shape", Map.of(), in));
        assertTrue(t.fold(17));
        assertArrayEquals(new long[] {2, 3, 4}, t.folded().toLongArray());
        assertEquals(DType.INT64, t.folded().dtype());

        G p = new G();
        Value in2 = p.g.addInput("s", Type.tensor(DType.FLOAT32, new long[] {2, 3, 4, 5}));
        p.read(p.node("Shape", Map.of("start", -3L, "end", 3L), in2));
        assertTrue(p.fold(17));
        assertArrayEquals(new long[] {3, 4}, p.folded().toLongArray());

        G e = new G();   // start clamped to the rank, end before start: empty, left to the runtime
        Value in3 = e.g.addInput("s", Type.tensor(DType.FLOAT32, new long[] {2, 3}));
        e.read(e.node("Shape", Map.of("start", 5L), in3));
        assertFalse(e.fold(17));

        G d = new G();
        Value dyn = d.g.addInput("s", Type.tensor(DType.FLOAT32, new long[] {2, 3}).withSymbol(0, "batch"));
        d.read(d.node("Shape", Map.of(), dyn));
        assertFalse(d.fold(17));
        assertEquals(1, d.count("Shape"));
    }

    /** A chain folds in one run: every fold sees the constant the previous one made. */
    @Test
    void aChainFoldsInOneRun() {
        G t = new G();
        Value w = t.init("w", ramp(2, 3));
        Value tr = t.node("Transpose", Map.of(), w);
        Value fl = t.node("Flatten", Map.of("axis", 0L), tr);
        t.read(fl);
        assertTrue(t.fold(17));
        Tensor w0 = ramp(2, 3);
        double[] want = new double[6];
        int k = 0;
        for (int a = 0; a < 3; a++) for (int b = 0; b < 2; b++) want[k++] = w0.getDouble(b, a);
        assertValues(want, new long[] {1, 6}, t.folded());
        assertEquals(List.of("onnx::Constant", "onnx::Constant", "onnx::Add"), t.g.nodes().stream().map(Node::kind).toList());
    }
}
