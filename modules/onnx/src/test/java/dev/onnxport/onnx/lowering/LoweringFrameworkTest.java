package dev.onnxport.onnx.lowering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.testing.ServiceDeclarations;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The lowering machinery: service registration, dynamic sizes, constants, the unsupported-op report, schema checks. */
class LoweringFrameworkTest {

    private static Graph trace(Function<Tensor[], Object> forward, Tensor... inputs) {
        return Tracer.trace(new Module() {}, TraceOptions.defaults(), forward, inputs);
    }

    private static void lower(Graph g, int opset, CustomSymbolics custom) {
        new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, custom));
    }

    private static Tensor call(String op, Object... args) { return AtenOps.registry().get(op).call1(args); }

    /** Test-only ops (the shape group's view is not in this module's scope): a reshape taking SymInts, and an op with no symbolic. */
    private static synchronized void registerTestOps() {
        OpRegistry r = AtenOps.registry();
        if (r.contains("test::reshape")) return;
        r.register("test::reshape(Tensor self, SymInt[] shape) -> Tensor",
                Kernel.single(a -> a.tensor(0).contiguous().asStrided(a.ints(1), contiguous(a.ints(1)), 0)),
                ShapeRule.single(a -> Tensor.meta(a.tensor(0).dtype(), a.ints(1))));
        r.register("test::nosymbolic(Tensor self) -> Tensor", Kernel.single(a -> a.tensor(0)),
                ShapeRule.single(a -> a.tensor(0).toMeta()));
    }

    private static long[] contiguous(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    private static Tensor range(int n, long... shape) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 3;
        return Tensor.of(f, shape);
    }

    @Test
    void providedAsServiceOnModulePathAndClassPathAlike() throws Exception {
        boolean found = false;
        for (ExportMode m : ServiceLoader.load(ExportMode.class)) found |= m instanceof OnnxExportMode && m.type().equals(OperatorExportType.ONNX);
        assertTrue(found, "ServiceLoader does not find OnnxExportMode");
        assertEquals(java.util.Map.of(ExportMode.class.getName(), java.util.Set.of(OnnxExportMode.class.getName())),
                ServiceDeclarations.inStep(OnnxExportMode.class));
    }

    /** view(x, [x.size(0), x.size(1) * x.size(2)]) with a dynamic batch: ORT reproduces it at another batch size. */
    @Test
    void dynamicSizesBecomeShapeArithmetic() throws Exception {
        for (int opset : new int[] {9, 13, 17}) {
            registerTestOps();
            Graph g = trace(in -> {
                Tensor x = in[0];
                SymInt rows = x.symSize(0), cols = x.symSize(1).mul(x.symSize(2));
                return AtenOps.registry().get("test::reshape").call1(x, new Object[] {rows, cols});
            }, range(24, 2, 3, 4));
            g.inputs().get(0).setType(g.inputs().get(0).type().withSymbol(0, "batch"));
            CustomSymbolics custom = new CustomSymbolics();
            custom.register("test::reshape", 7, c -> new dev.onnxport.ir.Value[] {c.op("Reshape", c.input(0), c.input(1)).output()});
            lower(g, opset, custom);
            List<String> kinds = g.nodes().stream().map(Node::kind).toList();
            assertTrue(kinds.contains("onnx::Shape") && kinds.contains("onnx::Concat") && kinds.contains("onnx::Reshape"), kinds.toString());
            assertFalse(kinds.stream().anyMatch(k -> k.startsWith("aten::") || k.startsWith("prim::")), kinds.toString());
            if (opset < 15) assertTrue(kinds.contains("onnx::Gather"), "Shape has no start/end before opset 15: " + kinds);
            SchemaValidator.validateGraph(g, opset);
            RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
            assumeTrue(ort != null, "no RuntimeVerifier on the class path");
            g.outputs().get(0).setName("y");
            Path file = Files.createDirectories(Path.of("target", "lowered")).resolve("dynamic-view-" + opset + ".onnx");
            WriterOptions wo = WriterOptions.of(opset);
            OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
            Tensor x = range(60, 5, 3, 4);
            VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                    .compare(file, Map.of("input0", x), List.of(range(60, 5, 12)));
            assertTrue(r.passed(), r.summary());
        }
    }

    @Test
    void smallConstantsAreNodesLargeOnesInitializers() {
        Tensor big = range(100, 25, 4), small = Tensor.of(new float[] {1, 2, 3, 4}, 4);
        Graph g = trace(in -> call("aten::add.Tensor", call("aten::mul.Tensor", in[0], big), small), range(100, 25, 4));
        lower(g, 17, new CustomSymbolics());
        assertEquals(List.of("_const_0"), List.copyOf(g.initializers().keySet()));
        assertEquals(1, g.nodes().stream().filter(n -> n.kind().equals("onnx::Constant")).count(), g.toString());
    }

    @Test
    void everyUnsupportedOpIsListedOnce() {
        registerTestOps();
        Graph g = trace(in -> {
            Tensor a = call("test::nosymbolic", in[0]);
            Tensor b = call("test::nosymbolic", a);
            Tensor mask = call("aten::gt.Scalar", b, 0.0);
            return call("aten::masked_fill.Scalar", b, mask, Double.NEGATIVE_INFINITY);
        }, range(6, 2, 3));
        UnsupportedOperatorError e = assertThrows(UnsupportedOperatorError.class, () -> lower(g, 8, new CustomSymbolics()));
        String m = e.getMessage();
        assertTrue(m.contains("test::nosymbolic (2 calls, first at LoweringFrameworkTest.java:"), m);
        assertTrue(m.contains("not supported at any opset"), m);
        assertTrue(m.contains("aten::masked_fill.Scalar (1 call") && m.contains("supported from opset 9"), m);
        assertFalse(m.contains("aten::gt"), m);
    }

    @Test
    void schemaViolationsFailLoudly() {
        CustomSymbolics bad = new CustomSymbolics();
        bad.register("aten::abs", 7, c -> new dev.onnxport.ir.Value[] {c.op("Abs", c.input(0)).attr("alpha", 1.0).output()});
        Graph g1 = trace(in -> call("aten::abs", in[0]), range(4, 4));
        IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> lower(g1, 17, bad));
        assertTrue(e1.getMessage().contains("Abs at opset 17: unknown attribute 'alpha'"), e1.getMessage());

        CustomSymbolics early = new CustomSymbolics();
        early.register("aten::abs", 7, c -> new dev.onnxport.ir.Value[] {c.op("Gelu", c.input(0)).output()});
        Graph g2 = trace(in -> call("aten::abs", in[0]), range(4, 4));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> lower(g2, 17, early));
        assertTrue(e2.getMessage().contains("Gelu at opset 17: the operator only exists from opset 20"), e2.getMessage());

        CustomSymbolics wrongType = new CustomSymbolics();
        wrongType.register("aten::abs", 7, c -> new dev.onnxport.ir.Value[] {c.op("Less", c.input(0), c.input(0)).output()});
        Graph g3 = trace(in -> call("aten::abs", in[0]), Tensor.of(new long[] {1, -2}, 2));
        IllegalStateException e3 = assertThrows(IllegalStateException.class, () -> lower(g3, 8, wrongType));
        assertTrue(e3.getMessage().contains("Less at opset 8: input 0 (A) has type tensor(int64)"), e3.getMessage());
    }
}
