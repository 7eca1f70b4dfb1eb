package dev.onnxport.aten.fallback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.OnnxExport;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ReLU;
import dev.onnxport.nn.Sequential;
import dev.onnxport.onnx.aten.AtenExportMode;
import dev.onnxport.errors.NotExpressible;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX where a symbolic function converts the op, the ATen node of ONNX_ATEN otherwise. */
class AtenFallbackExportModeTest {
    /** An aten-namespace op no symbolic function knows (test only), with non-tensor arguments of several kinds. */
    private static final String NO_SYMBOLIC = "aten::onnxport_test_scale";
    /** Another, with a single int argument. */
    private static final String NO_SYMBOLIC_INT = "aten::onnxport_test_keep";

    private static synchronized void registerTestOps() {
        OpRegistry r = AtenOps.registry();
        if (r.contains(NO_SYMBOLIC)) return;
        r.register(NO_SYMBOLIC + "(Tensor self, float alpha, int[] dims, bool flag=False) -> Tensor",
                Kernel.single(a -> AtenOps.registry().get("aten::mul.Scalar").call1(a.tensor(0), a.real(1))),
                ShapeRule.single(a -> a.tensor(0).toMeta()));
        r.register(NO_SYMBOLIC_INT + "(Tensor self, SymInt n) -> Tensor", Kernel.single(a -> a.tensor(0)),
                ShapeRule.single(a -> a.tensor(0).toMeta()));
        r.register("fbtest::nosymbolic(Tensor self) -> Tensor", Kernel.single(a -> a.tensor(0)),
                ShapeRule.single(a -> a.tensor(0).toMeta()));
    }

    private static Tensor call(String op, Object... args) { return AtenOps.registry().get(op).call1(args); }

    private static Tensor range(int n, long... shape) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 3;
        return Tensor.of(f, shape);
    }

    private static Graph trace(Function<Tensor[], Object> forward) {
        registerTestOps();
        return Tracer.trace(new Module() {}, TraceOptions.defaults(), forward, range(6, 2, 3));
    }

    private static LoweringContext context(int opset, CustomSymbolics custom) {
        return new LoweringContext(opset, Map.of(), false, custom);
    }

    private static List<String> kinds(Graph g) { return g.nodes().stream().map(Node::kind).toList(); }

    private static Node only(Graph g, String kind) {
        List<Node> ns = g.nodes().stream().filter(n -> n.kind().equals(kind)).toList();
        assertEquals(1, ns.size(), kind + " in " + kinds(g));
        return ns.get(0);
    }

    /** Attributes with arrays spelled out, so that two nodes compare by value. */
    private static Map<String, String> attrs(Node n) {
        Map<String, String> m = new TreeMap<>();
        n.attributes().forEach((k, v) -> m.put(k, v instanceof long[] l ? Arrays.toString(l)
                : v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v)));
        return m;
    }

    private static final Function<Tensor[], Object> RELU_SCALE_ADD = in -> {
        Tensor r = call("aten::relu", in[0]);
        Tensor s = AtenOps.registry().get(NO_SYMBOLIC).call1(r, 2.5, new long[] {0, 1});
        return call("aten::add.Tensor", s, in[0]);
    };

    @Test
    void opWithoutSymbolicBecomesTheAtenNodeOfOnnxAten() {
        Graph fallback = trace(RELU_SCALE_ADD);
        new AtenFallbackExportMode().lower(fallback, context(17, new CustomSymbolics()));
        assertEquals(List.of("onnx::Relu", AtenExportMode.KIND, "onnx::Add"), kinds(fallback));

        Graph aten = trace(RELU_SCALE_ADD);
        new AtenExportMode().lower(aten, context(17, new CustomSymbolics()));
        Node expected = aten.nodes().stream().filter(n -> "onnxport_test_scale".equals(n.attr("operator"))).findFirst().orElseThrow();
        Node actual = only(fallback, AtenExportMode.KIND);
        assertEquals(attrs(expected), attrs(actual));
        assertEquals(Map.of("alpha", "2.5", "dims", "[0, 1]", "flag", "0", "operator", "onnxport_test_scale", "overload_name", ""), attrs(actual));
        assertEquals(expected.inputs().size(), actual.inputs().size());
        assertEquals(only(fallback, "onnx::Relu").output(), actual.input(0));
        assertEquals(actual.output(), only(fallback, "onnx::Add").input(0));
    }

    /**
     * Sizes computed while the model runs are inputs of the ATen node, as in ONNX_ATEN: an int as a 0-d int64 tensor,
     * an int[] as a 1-D int64 tensor, made of ONNX operators from the lowered sizes. aten::size.int lowers to a 0-d
     * value below opset 15 and to a [1] one from opset 15 on, so both shapes are covered.
     */
    @Test
    void computedIntsBecomeOnnxMadeInputsOfTheAtenNode() {
        for (int opset : new int[] {9, 17}) {
            Graph g = trace(in -> {
                Tensor s = AtenOps.registry().get(NO_SYMBOLIC).call1(in[0], 2.5, new SymInt[] {in[0].symSize(0), SymInt.of(-1)});
                return AtenOps.registry().get(NO_SYMBOLIC_INT).call1(s, in[0].symSize(1));
            });
            new AtenFallbackExportMode().lower(g, context(opset, new CustomSymbolics()));
            String at = "opset " + opset + ": " + kinds(g);
            List<Node> aten = g.nodes().stream().filter(n -> n.kind().equals(AtenExportMode.KIND)).toList();
            assertEquals(2, aten.size(), at);

            Node scale = aten.get(0);
            assertEquals(Map.of("alpha", "2.5", "flag", "0", "operator", "onnxport_test_scale", "overload_name", ""), attrs(scale), at);
            assertEquals(2, scale.inputs().size(), at);
            assertSame(g.inputs().get(0), scale.input(0), at);
            // dims = [size(0), -1]: Concat of the size as [1] and the constant [-1]
            Node concat = scale.input(1).producer();
            assertEquals("onnx::Concat", concat.kind(), at);
            assertEquals(0L, concat.attr("axis"), at);
            assertEquals("Long(2)", scale.input(1).type().toString(), at);
            assertEquals("Long(1)", concat.input(0).type().toString(), at);
            assertArrayEquals(new long[] {-1}, constant(concat.input(1)).toLongArray(), at);

            Node keep = aten.get(1);
            assertEquals(Map.of("operator", "onnxport_test_keep", "overload_name", ""), attrs(keep), at);
            assertEquals(List.of(scale.output(), keep.input(1)), keep.inputs(), at);
            assertEquals("Long()", keep.input(1).type().toString(), at);
            if (opset >= 15) {
                // the [1] sizes of Shape(start, end) reshaped to 0-d, the list element used as it is
                Node reshape = keep.input(1).producer();
                assertEquals("onnx::Reshape", reshape.kind(), at);
                assertArrayEquals(new long[0], constant(reshape.input(1)).toLongArray(), at);
                assertEquals("onnx::Shape", concat.input(0).producer().kind(), at);
            } else {
                // 0-d sizes of Shape + Gather used as they are, the list element reshaped to [1]
                assertEquals("onnx::Gather", keep.input(1).producer().kind(), at);
                Node reshape = concat.input(0).producer();
                assertEquals("onnx::Reshape", reshape.kind(), at);
                assertArrayEquals(new long[] {1}, constant(reshape.input(1)).toLongArray(), at);
            }
        }
    }

    /** The value of an ONNX constant: a Constant node or an initializer. */
    private static Tensor constant(Value v) {
        if (v.producer() != null) {
            assertEquals("onnx::Constant", v.producer().kind());
            return (Tensor) v.producer().attr("value");
        }
        return v.data();
    }

    @Test
    void symbolicThatRaisesFallsBackToAten() {
        CustomSymbolics custom = new CustomSymbolics();
        custom.register("aten::relu", 7, c -> { throw new NotExpressible("test: Relu is not wanted here", 0); });
        Graph g = trace(in -> call("aten::relu", in[0]));
        new AtenFallbackExportMode().lower(g, context(17, custom));
        Node aten = only(g, AtenExportMode.KIND);
        assertEquals("relu", aten.attr("operator"));
        assertEquals(List.of(AtenExportMode.KIND), kinds(g));
    }

    @Test
    void tensorConstantsReadByAtenNodesBecomeOnnxConstants() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
        Graph g = trace(in -> AtenOps.registry().get(NO_SYMBOLIC).call1(w, 1.0, new long[0]));
        new AtenFallbackExportMode().lower(g, context(17, new CustomSymbolics()));
        assertEquals(List.of("onnx::Constant", AtenExportMode.KIND), kinds(g));
        assertEquals(only(g, "onnx::Constant").output(), only(g, AtenExportMode.KIND).input(0));
    }

    @Test
    void opsOfOtherNamespacesWithoutSymbolicAreStillUnsupported() {
        Graph g = trace(in -> call("fbtest::nosymbolic", call("fbtest::nosymbolic", in[0])));
        UnsupportedOperatorError e = assertThrows(UnsupportedOperatorError.class,
                () -> new AtenFallbackExportMode().lower(g, context(17, new CustomSymbolics())));
        assertTrue(e.getMessage().contains("fbtest::nosymbolic (2 calls"), e.getMessage());
    }

    /**
     * An MLP (every op has a symbolic function) exports to the same bytes in both modes, and runs in ORT.
     * keepInitializersAsInputs is set because its default differs by mode, as in torch (false for ONNX from
     * opset 9, true for the other modes).
     */
    @Test
    void modelWithOnlyConvertibleOpsIsTheOnnxExport(@TempDir Path dir) throws Exception {
        Module mlp = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
        Tensor[] args = {range(8, 2, 4)};
        for (int opset : new int[] {9, 17}) {
            Path onnx = dir.resolve("onnx-" + opset + ".onnx"), fallback = dir.resolve("fallback-" + opset + ".onnx");
            ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).inputNames("x").outputNames("y")
                    .keepInitializersAsInputs(false);
            ExportOptions o = b.operatorExportType(OperatorExportType.ONNX).build();
            ExportOptions f = b.operatorExportType(OperatorExportType.ONNX_ATEN_FALLBACK).verify(true).build();
            assertEquals(OnnxExport.exportToPrettyString(mlp, args, o), OnnxExport.exportToPrettyString(mlp, args, f));
            OnnxExport.export(mlp, args, onnx, o);
            OnnxExport.export(mlp, args, fallback, f);
            assertArrayEquals(Files.readAllBytes(onnx), Files.readAllBytes(fallback), "opset " + opset);
        }
    }
}
