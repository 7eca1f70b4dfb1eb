package dev.onnxport.onnx.aten;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.testing.Golden;

import static dev.onnxport.onnx.aten.TinyNet.op;
import static dev.onnxport.onnx.aten.TinyNet.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Traces small models on real aten ops, lowers them with ONNX_ATEN and checks the node layout. */
class AtenExportModeTest {
    static final LoweringContext CONTEXT = new LoweringContext(17, Map.of(), false, new CustomSymbolics());

    /** One golden case: a model and its example inputs. */
    record Case(String name, TinyNet model, Tensor... inputs) {}

    static List<Case> cases() {
        return List.of(
                new Case("triu", new TinyNet((m, x) -> op("aten::triu").call1(x[0], 1L)), ramp(3, 3)),
                new Case("add_alpha", new TinyNet((m, x) ->
                        op("aten::add.Tensor").callKw(new Object[] {x[0], x[1]}, Map.of("alpha", 2L))[0]), ramp(2, 3), ramp(2, 3)),
                new Case("conv2d_stride_padding", new TinyNet((m, x) -> op("aten::conv2d").callKw(new Object[] {x[0], m.p("weight")},
                        Map.of("stride", new long[] {2, 2}, "padding", new long[] {1, 0})))
                        .param("weight", ramp(4, 3, 3, 3)), ramp(1, 3, 6, 6)),
                new Case("cat_list", new TinyNet((m, x) -> op("aten::cat").call1(new Tensor[] {x[0], x[1], x[0]}, 1L)),
                        ramp(2, 3), ramp(2, 1)),
                new Case("to_dtype", new TinyNet((m, x) -> op("aten::to.dtype").call1(x[0], DType.INT64)), ramp(2, 2)),
                // None inside a Tensor?[] list stays an (empty) input; the index tensor is a constant
                new Case("index_none_in_list", new TinyNet((m, x) ->
                        op("aten::index.Tensor").call1(x[0], new Tensor[] {null, Tensor.of(new long[] {2, 0})})), ramp(2, 3)),
                // weight None before a present bias: an empty input in the middle
                new Case("layer_norm_middle_none", new TinyNet((m, x) -> op("aten::layer_norm").call1(x[0], new long[] {4}, null,
                        m.p("bias"), 1e-5, true)).param("bias", ramp(4)), ramp(2, 4)),
                // bias None at the end: left out
                new Case("linear_trailing_none", new TinyNet((m, x) -> op("aten::linear").call1(x[0], m.p("weight")))
                        .param("weight", ramp(2, 4)), ramp(3, 4)),
                // Scalar? min None: no attribute; max a float Scalar: FLOAT
                new Case("clamp_optional_scalar", new TinyNet((m, x) -> op("aten::clamp").call1(x[0], null, 0.5)), ramp(2, 2)),
                new Case("split_outputs", new TinyNet((m, x) -> op("aten::split.Tensor").call(x[0], 2L, 1L)), ramp(2, 5)),
                // int ops read from shapes: ATen nodes with 0-d int64 outputs, the computed int is an input
                new Case("int_ops", new TinyNet((m, x) -> {
                    x[0].symSize(0).mul(2);
                    return op("aten::relu").call1(x[0]);
                }), ramp(2, 2)),
                // sizes computed while the model runs: inputs at their schema positions, lists stacked
                new Case("computed_args", COMPUTED_ARGS, ramp(2, 3)));
    }

    static Graph lowered(Case c) {
        Graph g = Tracer.trace(c.model(), c.inputs());
        new AtenExportMode().lower(g, CONTEXT);
        return g;
    }

    @TestFactory
    Stream<DynamicTest> goldenLayouts() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> Golden.check(c.name(), GraphPrinter.print(lowered(c), false))));
    }

    @TestFactory
    Stream<DynamicTest> onlyOnnxDialectNodesRemain() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            for (Node n : lowered(c).allNodes()) {
                assertTrue(n.op() == null && (n.kind().equals(AtenExportMode.KIND) || n.kind().equals("onnx::Constant")),
                        "left in the ONNX dialect: " + n);
            }
        }));
    }

    @Test
    void attributeTypes() {
        Graph g = lowered(new Case("conv", new TinyNet((m, x) -> op("aten::conv2d").callKw(new Object[] {x[0], m.p("weight")},
                Map.of("stride", new long[] {2, 2}))).param("weight", ramp(2, 1, 1, 1)), ramp(1, 1, 4, 4)));
        Node aten = g.nodes().get(g.nodes().size() - 1);
        assertEquals(AtenExportMode.KIND, aten.kind());
        assertEquals("conv2d", aten.attr("operator"));
        assertEquals("", aten.attr("overload_name"));
        assertInstanceOf(long[].class, aten.attr("stride"));
        assertInstanceOf(Long.class, aten.attr("groups"));
        assertEquals(null, aten.attr("bias"));

        Graph t = lowered(new Case("to", new TinyNet((m, x) -> op("aten::to.dtype").call1(x[0], DType.FLOAT16)), ramp(2)));
        Node to = t.nodes().get(0);
        assertEquals((long) DType.FLOAT16.torchCode(), to.attr("dtype"), "ScalarType is its PyTorch code");
        assertEquals(0L, to.attr("copy"), "bool is INT 0/1");
        assertEquals("dtype", to.attr("overload_name"));
    }

    @Test
    void outputsKeepTypesAndNames() {
        Graph traced = Tracer.trace(new TinyNet((m, x) -> op("aten::triu").call1(x[0], 0L)),
                TraceOptions.defaults().withOutputNames(List.of("upper")), ramp(2, 3));
        String type = traced.outputs().get(0).type().toString();
        new AtenExportMode().lower(traced, CONTEXT);
        assertEquals("upper", traced.outputs().get(0).name());
        assertEquals(type, traced.outputs().get(0).type().toString());
        assertEquals(AtenExportMode.KIND, traced.outputs().get(0).producer().kind());
    }

    /** view(x, [x.size(0), -1]), zeros([x.size(1) * 2, x.size(0)]) and x[:, :x.size(0)] on a (2, 3) input. */
    static final TinyNet COMPUTED_ARGS = new TinyNet((m, in) -> {
        Tensor x = in[0];
        Tensor view = op("aten::view").call1(x, new SymInt[] {x.symSize(0), SymInt.of(-1)});
        Tensor zeros = op("aten::zeros").call1((Object) new SymInt[] {x.symSize(1).mul(2), x.symSize(0)});
        Tensor slice = op("aten::slice.Tensor").call1(x, 1L, null, x.symSize(0));
        return new Tensor[] {view, zeros, slice};
    });

    @Test
    void computedArgumentsBecomeInputsAtTheirSchemaPositions() {
        Graph g = lowered(new Case("computed", COMPUTED_ARGS, ramp(2, 3)));
        Value x = g.inputs().get(0);
        for (Node n : g.allNodes()) {
            assertTrue(n.kind().equals(AtenExportMode.KIND) || n.kind().equals("onnx::Constant"), "left: " + n);
        }

        // view: self, then size as one 1-D int64 tensor stacked from [x.size(0), -1]; no size attribute
        Node view = g.outputs().get(0).producer();
        assertEquals(Map.of("operator", "view", "overload_name", ""), view.attributes());
        assertEquals(2, view.inputs().size());
        assertSame(x, view.input(0));
        Node stack = view.input(1).producer();
        assertEquals(Map.of("operator", "stack", "overload_name", "", "tensors", 2L, "dim", 0L), stack.attributes());
        assertEquals("Long(2)", view.input(1).type().toString());
        assertSize(stack.input(0), x, 0L);
        Node minusOne = stack.input(1).producer();
        assertEquals("onnx::Constant", minusOne.kind());
        Tensor c = (Tensor) minusOne.attr("value");
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[0], c.shape());
        assertEquals(-1L, c.toLongArray()[0]);

        // zeros: the computed size is its only input; the None factory arguments are trailing, so left out
        Node zeros = g.outputs().get(1).producer();
        assertEquals(Map.of("operator", "zeros", "overload_name", ""), zeros.attributes());
        assertEquals(1, zeros.inputs().size());
        Node zerosStack = zeros.input(0).producer();
        assertEquals(Map.of("operator", "stack", "overload_name", "", "tensors", 2L, "dim", 0L), zerosStack.attributes());
        Node mul = zerosStack.input(0).producer();
        assertEquals(Map.of("operator", "mul", "overload_name", "int", "b", 2L), mul.attributes());
        assertSize(mul.input(0), x, 1L);
        assertSize(zerosStack.input(1), x, 0L);

        // slice: start is None before the computed end, so an omitted input keeps end at its position
        Node slice = g.outputs().get(2).producer();
        assertEquals(Map.of("operator", "slice", "overload_name", "Tensor", "dim", 1L, "step", 1L), slice.attributes());
        assertEquals(3, slice.inputs().size());
        assertSame(x, slice.input(0));
        assertNull(slice.input(1));
        assertSize(slice.input(2), x, 0L);
    }

    /** {@code v} is the 0-d int64 output of the ATen node of {@code aten::size.int(x, dim)}. */
    private static void assertSize(Value v, Value x, long dim) {
        assertEquals("Long()", v.type().toString());
        Node size = v.producer();
        assertEquals(Map.of("operator", "size", "overload_name", "int", "dim", dim), size.attributes());
        assertEquals(List.of(x), size.inputs());
    }

    @Test
    void opsOfOtherNamespacesAreListedAtOnce() {
        String name = "onnxport_aten_test::twice(Tensor self) -> Tensor";
        if (!AtenOps.registry().contains("onnxport_aten_test::twice")) {
            AtenOps.registry().register(name, Kernel.single(a -> a.tensor(0)), ShapeRule.single(a -> a.tensor(0).toMeta()));
        }
        Graph g = Tracer.trace(new TinyNet((m, x) -> {
            Tensor y = op("onnxport_aten_test::twice").call1(x[0]);
            return op("onnxport_aten_test::twice").call1(op("aten::relu").call1(y));
        }), ramp(2));
        UnsupportedOperatorError e = assertThrows(UnsupportedOperatorError.class, () -> new AtenExportMode().lower(g, CONTEXT));
        assertTrue(e.getMessage().contains("onnxport_aten_test::twice (2 nodes, first at "), e.getMessage());
        assertTrue(e.getMessage().contains("ONNX_FALLTHROUGH"), e.getMessage());
        UnsupportedOperatorError.Operator twice = e.operators().get(0);
        assertEquals(1, e.operators().size());
        assertEquals("onnxport_aten_test::twice", twice.op());
        assertEquals(2, twice.count());
        assertTrue(twice.firstSource() != null && twice.firstSource().contains(".java:"), twice.firstSource());
        assertEquals(0, twice.fromOpset());
    }
}
