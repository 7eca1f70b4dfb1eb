package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.model;
import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir Path tmp;

    @Test
    void mlpFixtureExportsAndVerifiesAgainstEagerAndPyTorch() {
        Path out = tmp.resolve("mlp.onnx");
        var r = run("export", "--fixture", model("mlp"), "--opset", 17, "--verify", "-o", out);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("(?s)exported mlp to .*: opset 17, ONNX, \\d+ nodes, \\d+ initializers, [\\d,]+ bytes, [\\d.]+ s\n.*"), r::toString);
        assertTrue(r.out().contains("eager output0: ok"), r::toString);
        // the fixture's dynamic batch (2 in io.safetensors) is also verified at 1 and 3
        assertTrue(r.out().contains("eager batch=1 output0: ok") && r.out().contains("eager batch=3 output0: ok"), r::toString);
        assertTrue(r.out().contains("io.safetensors output0: ok"), r::toString);
        assertTrue(r.out().contains("io_alt.safetensors output0: ok"), r::toString);
        assertTrue(r.out().contains("verified in onnxruntime"), r::toString);
        assertEquals("", r.err());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void reportOptionWritesJsonAndMarkdown() throws java.io.IOException {
        var r = run("export", "--model", "mlp", "--opset", 17, "--report", tmp.resolve("mlp-report.json"), "-o", tmp.resolve("mlp.onnx"));
        assertEquals(0, r.code(), r::toString);
        String json = Files.readString(tmp.resolve("mlp-report.json"));
        assertTrue(json.contains("\"status\":\"ok\"") && json.contains("\"opset\":17"), json);
        assertTrue(Files.readString(tmp.resolve("mlp-report.md")).contains("aten::linear"), "the Markdown report lists the aten ops");
    }

    @Test
    void mlpModelExportsAndVerifies() {
        var r = run("export", "--model", "mlp", "--opset", 17, "--verify", "-o", tmp.resolve("mlp.onnx"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("eager output0: ok") && r.out().contains("verified in"), r::toString);
    }

    @Test
    void tinyGptExportsAndVerifiesInBothForms() {
        var fromModel = run("export", "--model", "tiny_gpt", "--opset", 17, "--verify", "-o", tmp.resolve("m.onnx"));
        assertEquals(0, fromModel.code(), fromModel::toString);
        var fromFixture = run("export", "--fixture", model("tiny_gpt"), "--opset", 17, "--verify", "-o", tmp.resolve("f.onnx"));
        assertEquals(0, fromFixture.code(), fromFixture::toString);
        assertTrue(fromFixture.out().contains("io_alt.safetensors output0: ok"), fromFixture::toString);
    }

    @Test
    void dynamicAxesReplaceTheModelsOwn() {
        Path out = tmp.resolve("mlp.onnx");
        assertEquals(0, run("export", "--model", "mlp", "--dynamic", "x:0=N", "-o", out).code());
        var r = run("inspect", out);
        assertTrue(r.out().contains("x: float32 [N, 784]"), r::toString);
    }

    @Test
    void zipDirectoryAndExternalDataLayoutsAreReadBack() throws java.io.IOException {
        for (String format : new String[] {"zip", "compressed-zip", "directory"}) {
            Path out = tmp.resolve("mlp-" + format);
            var e = run("export", "--model", "mlp", "--format", format, "--verify", "-o", out);
            assertEquals(0, e.code(), e::toString);
            var c = run("check", out);
            assertEquals(0, c.code(), format + ": " + c);
        }
        Path out = tmp.resolve("ext.onnx");
        assertEquals(0, run("export", "--model", "mlp", "--external-data", "--verify", "-o", out).code());
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().matches("ext\\.onnx\\.[0-9a-f]{16}\\.data")).count(),
                    "the data file NAME.ID.data");
        }
        var i = run("inspect", out);
        assertTrue(i.out().contains("in external data"), i::toString);
    }
}
