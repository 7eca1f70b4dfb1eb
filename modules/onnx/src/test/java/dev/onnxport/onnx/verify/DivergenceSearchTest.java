package dev.onnxport.onnx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.ort.Divergence;
import dev.onnxport.ort.MultiSizeVerification;
import dev.onnxport.ort.Verifier;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        MultiSizeVerification v = Verifier.withDefaults().verify(model, r, new Tensor[] {x});
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
        // The errors are those of Relu against GELU on fc1's output, computed here with the eager ops (checked against
        // PyTorch elsewhere): ONNX Runtime's Relu(h) against the eager GELU(h).
        Tensor h = F.linear(x, model.stateDict().get("fc1.weight"), model.stateDict().get("fc1.bias"));
        Tensor relu = F.relu(h), gelu = F.gelu(h);
        double wantAbs = 0, wantRel = 0;
        for (long i = 0; i < h.numel(); i++) {
            double err = Math.abs(relu.getDoubleFlat(i) - gelu.getDoubleFlat(i));
            if (err == 0) continue;
            wantAbs = Math.max(wantAbs, err);
            wantRel = Math.max(wantRel, err / Math.abs(gelu.getDoubleFlat(i)));
        }
        assertTrue(wantAbs > 1e-3, "the planted fault must be visible: " + wantAbs);
        assertEquals(wantAbs, d.maxAbsError(), 1e-5 + 1e-4 * wantAbs, d.describe());
        assertEquals(wantRel, d.maxRelError(), 1e-3 * wantRel, d.describe());
        assertNull(d.fault(), d.describe());
        assertTrue(d.describe().contains("Mlp5.java:" + geluLine()), d.describe());
        assertEquals("example inputs", d.runLabel());
    }

    @Test
    void aCorrectExportHasNoDivergentNode() {
        Mlp5 model = model();
        Tensor x = Mlp5.input(3, 2);
        ExportResult r = OnnxExport.exportWithResult(model, new Tensor[] {x}, dir.resolve("ok.onnx"), options());
        assertNull(Verifier.withDefaults().firstDivergence(r, new Tensor[] {x}));
        assertNull(Verifier.withDefaults().firstDivergence(r, new Tensor[] {Mlp5.input(1, 3)}), "at another batch size");
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
        Verifier.withDefaults().firstDivergence(r, new Tensor[] {x});
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("p.onnx"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
