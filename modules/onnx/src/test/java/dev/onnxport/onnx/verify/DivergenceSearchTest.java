package dev.onnxport.onnx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.ir.GraphInterpreter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.Divergence;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.VerificationService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong symbolic planted in a model's middle is found and named: op, aten op, scope, source line, errors. */
class DivergenceSearchTest {
    private static final int OPSET = 17;
    @TempDir Path dir;

    private static ExportOptions options() {
        return ExportOptions.builder().opsetVersion(OPSET).inputNames("x").outputNames("y")
                .dynamicAxes("x", List.of(0)).build();
    }

    private static VerificationService service() { return VerificationService.of(ExportModes.verifier()); }

    private static Mlp5 model() {
        Init.manualSeed(7);
        return new Mlp5();
    }

    /** The line of {@link Mlp5} that calls the GELU, read from its source file. */
    private static int geluLine() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/onnxport/onnx/verify/Mlp5.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(Mlp5.GELU_MARKER) && !lines.get(i).contains("GELU_MARKER")) return i + 1;
        }
        throw new AssertionError("marker not found in Mlp5.java");
    }

    @Test
    void wrongGeluSymbolicIsNamedWithItsScopeAndSourceLine() throws IOException {
        Mlp5 model = model();
        Tensor x = Mlp5.input(5, 1);
        // Relu in place of Gelu: well-formed, runs, but gives other numbers for negative inputs and near 0
        SymbolicFunction wrong = g -> new Value[] {g.op("Relu", g.input(0)).output()};
        OnnxExport.registerCustomOpSymbolic("aten::gelu", OPSET, wrong);
        ExportResult r;
        try {
            r = OnnxExport.exportWithResult(model, new Tensor[] {x}, dir.resolve("wrong.onnx"), options());
        } finally {
            OnnxExport.unregisterCustomOpSymbolic("aten::gelu", OPSET);
        }
        MultiSizeVerification v = OnnxExport.verify(model, r, new Tensor[] {x});
        assertFalse(v.passed(), v.summary());
        assertEquals("example inputs", v.firstFailure().label());
        Divergence d = v.divergence();
        assertNotNull(d, v.summary());
        assertEquals("Relu", d.onnxOpType(), d.describe());
        assertEquals("/act/Relu", d.onnxNodeName(), d.describe());
        assertEquals("aten::gelu", d.atenOp(), d.describe());
        assertEquals("act", d.scope(), d.describe());
        assertEquals("GELU", d.moduleClass(), d.describe());
        assertEquals("Mlp5.java:" + geluLine(), d.source(), d.describe());
        // the errors are those of Relu against GELU on the GELU's input, scale-aware (the default tolerances)
        Node gelu = r.atenGraph().nodes().stream().filter(n -> n.kind().equals("aten::gelu")).findFirst().orElseThrow();
        Map<Value, Object> values = GraphInterpreter.run(r.atenGraph(), x);
        Tensor h = (Tensor) values.get(gelu.input(0)), want = (Tensor) values.get(gelu.output());
        double[] got = F.relu(h).toDoubleArray(), w = want.toDoubleArray();
        double maxAbs = 0, scale = 0;
        for (int i = 0; i < w.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(got[i] - w[i]));
            scale = Math.max(scale, Math.abs(w[i]));
        }
        assertTrue(maxAbs > 1e-5 + 1e-4 * scale, "the planted error is beyond the tolerance: " + maxAbs);
        assertEquals(maxAbs, d.maxAbsError(), 1e-6 * maxAbs, d.describe());
        assertEquals(maxAbs / scale, d.maxRelError(), 1e-6 * maxAbs / scale, d.describe());
        assertNull(d.fault(), d.describe());
        assertTrue(d.describe().contains("Mlp5.java:" + geluLine()), d.describe());
        assertEquals("example inputs", d.runLabel());
    }

    /** The export option verify runs the same verification: the error shows the runs and names the node. */
    @Test
    void exportWithVerifyFailsNamingTheDivergentNode() {
        SymbolicFunction wrong = g -> new Value[] {g.op("Relu", g.input(0)).output()};
        OnnxExport.registerCustomOpSymbolic("aten::gelu", OPSET, wrong);
        CheckerError e;
        try {
            ExportOptions o = ExportOptions.builder().opsetVersion(OPSET).inputNames("x").outputNames("y")
                    .dynamicAxes("x", List.of(0)).verify(true).build();
            e = assertThrows(CheckerError.class, () -> OnnxExport.export(model(), new Tensor[] {Mlp5.input(5, 1)},
                    dir.resolve("verified.onnx"), o));
        } finally {
            OnnxExport.unregisterCustomOpSymbolic("aten::gelu", OPSET);
        }
        assertTrue(e.getMessage().contains("[example inputs] MISMATCH\n  y: MISMATCH max|err|"), e.getMessage());
        assertTrue(e.getMessage().contains("first divergent node: ONNX Relu '/act/Relu' (value '"), e.getMessage());
        assertTrue(e.getMessage().contains("from aten::gelu in module act (GELU) at Mlp5.java:"), e.getMessage());
    }

    @Test
    void aCorrectExportHasNoDivergentNode() {
        Mlp5 model = model();
        Tensor x = Mlp5.input(3, 2);
        ExportResult r = OnnxExport.exportWithResult(model, new Tensor[] {x}, dir.resolve("ok.onnx"), options());
        assertNull(service().firstDivergence(r.traced(), new Tensor[] {x}));
        assertNull(service().firstDivergence(r.traced(), new Tensor[] {Mlp5.input(1, 3)}), "at another batch size");
    }

    @Test
    void everyLinearAndActivationValueIsMappedToAnOnnxValueOfTheFile() {
        ExportResult r = OnnxExport.exportWithResult(model(), new Tensor[] {Mlp5.input(2, 1)}, dir.resolve("m.onnx"), options());
        long atenOps = r.atenGraph().nodes().stream().filter(n -> !n.kind().startsWith("prim::")).count();
        assertEquals(5, atenOps, r.atenGraph().toString());
        assertEquals(5, r.onnxNames().size(), r.onnxNames().toString());
        // the last value is the graph output and keeps its name
        assertEquals("y", r.onnxNames().get(r.atenGraph().outputs().get(0)));
    }

    @Test
    void exportWithResultWritesTheSameBytesAsExport() throws IOException {
        Tensor[] x = {Mlp5.input(2, 1)};
        OnnxExport.export(model(), x, dir.resolve("plain.onnx"), options());
        OnnxExport.exportWithResult(model(), x, dir.resolve("plain2.onnx"), options());
        assertEquals(-1, Files.mismatch(dir.resolve("plain.onnx"), dir.resolve("plain2.onnx")));
    }

    @Test
    void theProbeModelIsRemovedAfterTheSearch() throws IOException {
        Mlp5 model = model();
        Tensor x = Mlp5.input(2, 1);
        ExportResult r = OnnxExport.exportWithResult(model, new Tensor[] {x}, dir.resolve("p.onnx"), options());
        service().firstDivergence(r.traced(), new Tensor[] {x});
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("p.onnx"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
