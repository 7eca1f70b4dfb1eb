package dev.onnxport.onnx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportProgress;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.nn.Init;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.errors.NotExpressible;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export report of a real export: fields, and numbers equal to those of the written file. */
class ExportReportTest {
    @TempDir Path dir;

    private static Mlp5 model() {
        Init.manualSeed(11);
        return new Mlp5();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path p) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(p));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    @Test
    void reportOfAnMlpExportMatchesTheWrittenFile() throws IOException {
        Path f = dir.resolve("mlp.onnx");
        List<String> heard = new java.util.ArrayList<>();   // the progress listener's phases, by their report names
        ExportOptions o = ExportOptions.builder().inputNames("x").dynamicAxes("x", List.of(0)).verify(true)
                .report(dir.resolve("mlp-report")).progress(new ExportProgress() {
                    @Override public void phase(Phase p) { heard.add(p.reportName()); }
                }).build();
        OnnxExport.export(model(), new Tensor[] {Mlp5.input(2, 1)}, f, o);
        Map<String, Object> r = readJson(dir.resolve("mlp-report.json"));
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f));

        assertEquals("ok", r.get("status"));
        assertEquals(17L, r.get("opset"));
        assertEquals("ONNX", r.get("operator_export_type"));
        assertEquals(f.toString(), r.get("file"));
        assertEquals(17L, map(r.get("options")).get("opset_version"));
        assertEquals(List.of("x"), map(r.get("options")).get("input_names"));
        assertEquals(Map.of("x", Map.of("0", "x_dynamic_axes_1")), map(r.get("options")).get("dynamic_axes"));

        Map<String, Object> counts = map(r.get("counts"));
        assertEquals((long) m.getGraph().getNodeCount(), counts.get("onnx_nodes"));
        assertEquals((long) m.getGraph().getInitializerCount(), counts.get("initializers"));
        // the 3 weights and 3 biases, plus the constants of GELU's decomposition that the ONNX passes made initializers
        List<String> inits = m.getGraph().getInitializerList().stream().map(t -> t.getName()).toList();
        assertTrue(inits.containsAll(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias")), inits.toString());
        assertEquals(5L, counts.get("aten_nodes"));
        Map<String, Object> bytes = map(r.get("bytes"));
        assertEquals(Files.size(f), bytes.get("on_disk"));
        assertEquals(Files.size(f), bytes.get("model"), "weights are embedded");
        long rawBytes = m.getGraph().getInitializerList().stream().mapToLong(t -> t.getRawData().size()).sum();
        assertTrue(rawBytes >= 4L * (8 * 4 + 8 + 8 * 8 + 8 + 3 * 8 + 3), "the weights are all there");
        assertEquals(rawBytes, bytes.get("initializer_data"));

        assertEquals(Map.of("aten::gelu", 1L, "aten::linear", 3L, "aten::relu", 1L), r.get("aten_histogram"));
        Map<String, Long> fromFile = new TreeMap<>();
        for (NodeProto n : m.getGraph().getNodeList()) fromFile.merge(n.getOpType(), 1L, Long::sum);
        assertEquals(fromFile, r.get("onnx_histogram"));
        assertEquals(Map.of(), r.get("fallbacks"));
        assertEquals(Map.of(), r.get("unsupported_ops"));

        Map<String, Object> phases = map(r.get("phases_ms"));
        assertEquals(List.of("trace", "core_passes", "lowering", "onnx_passes", "assembly", "serialization", "check", "verify"),
                List.copyOf(phases.keySet()));
        assertEquals(List.copyOf(phases.keySet()), heard, "the listener hears the phases the report times, in order");
        for (Object ms : phases.values()) assertTrue(((Number) ms).doubleValue() >= 0, phases.toString());

        // verify(true) runs the example inputs and two other sizes of the dynamic batch
        List<Object> verification = (List<Object>) r.get("verification");
        assertEquals(List.of("example inputs", "x_dynamic_axes_1=1", "x_dynamic_axes_1=3"),
                verification.stream().map(v -> map(v).get("label")).toList());
        for (Object v : verification) assertEquals(true, map(v).get("passed"), v.toString());

        String md = Files.readString(dir.resolve("mlp-report.md"));
        for (String s : List.of("# ONNX export report", "| status | ok |", "## Phases", "| `aten::linear` | 3 |",
                "## Verification", "| example inputs | output0 | ok |", "| ONNX nodes (main graph) | " + m.getGraph().getNodeCount() + " |")) {
            assertTrue(md.contains(s), "missing '" + s + "' in\n" + md);
        }
    }

    @Test
    void aJsonOrMarkdownPathNamesBothFiles() {
        OnnxExport.export(model(), new Tensor[] {Mlp5.input(2, 1)}, dir.resolve("a.onnx"),
                ExportOptions.builder().report(dir.resolve("r.md")).build());
        assertTrue(Files.isRegularFile(dir.resolve("r.json")) && Files.isRegularFile(dir.resolve("r.md")));
    }

    @Test
    void aFailedExportReportsItsUnsupportedOps() throws IOException {
        Path report = dir.resolve("failed.json");
        OnnxExport.registerCustomOpSymbolic("aten::relu", 17, g -> {
            throw new NotExpressible("planted for the test", 0);
        });
        try {
            assertThrows(UnsupportedOperatorError.class, () -> OnnxExport.export(model(), new Tensor[] {Mlp5.input(2, 1)},
                    dir.resolve("failed.onnx"), ExportOptions.builder().report(report).build()));
        } finally {
            OnnxExport.unregisterCustomOpSymbolic("aten::relu", 17);
        }
        Map<String, Object> r = readJson(report);
        assertEquals("failed", r.get("status"));
        assertTrue(((String) r.get("error")).startsWith("UnsupportedOperatorError"), (String) r.get("error"));
        assertEquals(Map.of("aten::relu", 1L), r.get("unsupported_ops"));
        assertEquals(5L, map(r.get("counts")).get("aten_nodes"));
        assertEquals(List.of("trace", "core_passes"), List.copyOf(map(r.get("phases_ms")).keySet()));
        assertTrue(Files.readString(dir.resolve("failed.md")).contains("## Unsupported ops"));
    }

    @Test
    void multiSizeVerificationIsAddedToTheReportAndWrittenAgain() throws IOException {
        Mlp5 model = model();
        Tensor x = Mlp5.input(2, 1);
        ExportOptions o = ExportOptions.builder().inputNames("x").dynamicAxes("x", Map.of(0, "batch"))
                .report(dir.resolve("sizes.json")).build();
        ExportResult r = OnnxExport.exportWithResult(model, new Tensor[] {x}, dir.resolve("s.onnx"), o);
        OnnxExport.verify(model, r, new Tensor[] {x});
        List<Object> v = (List<Object>) readJson(dir.resolve("sizes.json")).get("verification");
        assertEquals(List.of("example inputs", "batch=1", "batch=3"), v.stream().map(e -> map(e).get("label")).toList());
    }

}
