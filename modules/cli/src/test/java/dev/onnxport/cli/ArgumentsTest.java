package dev.onnxport.cli;

import static dev.onnxport.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help texts, the ops listing, and one-line errors for bad arguments. */
class ArgumentsTest {
    @TempDir Path tmp;

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String cmd : new String[] {"export", "check", "verify", "inspect", "conformance", "ops", "trace"}) {
            var r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd + ": " + r);
            assertTrue(r.out().contains("Usage: onnxport " + cmd) && r.out().contains("Example"), cmd + ": " + r);
        }
        var top = run("--help");
        for (String cmd : new String[] {"export", "check", "verify", "inspect", "conformance", "ops"}) {
            assertTrue(top.out().contains("  " + cmd + " "), top::toString);
        }
    }

    @Test
    void unknownModel() {
        assertOneLineError(run("export", "--model", "nope", "-o", tmp.resolve("x.onnx")), "unknown model 'nope'; available: ");
    }

    @Test
    void missingFiles() {
        assertOneLineError(run("check", tmp.resolve("none.onnx")), "none.onnx: no such file");
        assertOneLineError(run("inspect", tmp.resolve("none.onnx")), "none.onnx: no such file");
        assertOneLineError(run("export", "--fixture", tmp, "-o", tmp.resolve("x.onnx")), "has no model.json");
        assertOneLineError(run("export", "--model", "mlp", "--weights", tmp.resolve("w.safetensors"), "-o", tmp.resolve("x.onnx")),
                "no such file: ");
    }

    @Test
    void opset27() {
        assertOneLineError(run("export", "--model", "mlp", "--opset", 27, "-o", tmp.resolve("x.onnx")), "opsetVersion 27 is not supported");
        assertOneLineError(run("ops", "--opset", 27), "--opset 27 is not supported");
    }

    @Test
    void badOptionValues() {
        assertOneLineError(run("export", "--model", "mlp", "--format", "tar", "-o", tmp.resolve("x")), "'tar' is not a format");
        assertOneLineError(run("export", "--model", "mlp", "--type", "TORCH", "-o", tmp.resolve("x")), "--type");
        assertOneLineError(run("export", "--model", "mlp", "--dynamic", "x0", "-o", tmp.resolve("x")), "is not INPUT:AXIS=NAME");
        assertOneLineError(run("export", "--model", "mlp", "--dynamic", "x:99999999999=n", "-o", tmp.resolve("x")),
                "axis 99999999999 is far past any tensor's rank");
        // no @file expansion (found by ExportOptionsFuzzTest: a missing @file failed outside the usage errors)
        assertOneLineError(run("export", "--model", "mlp", "@/", "-o", tmp.resolve("x")), "Unmatched argument at index 3: '@/'");
        assertOneLineError(run("export", "--model", "mlp"), "Missing required option: '--output=OUT'");
        assertOneLineError(run("export", "--model", "mlp", "--fixture", tmp, "-o", tmp.resolve("x")), "mutually exclusive");
    }

    @Test
    void opsListsEachAvailableType() {
        var r = run("ops", "--opset", 17);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("aten op (opset 17)"), r::toString);
        // the command carries all four modes
        assertTrue(r.out().matches("(?s).*\naten::relu +yes +yes +yes +yes\n.*"), r::toString);
        assertTrue(r.out().matches("(?s).*\n\\d+ operators; supported at opset 17: ONNX \\d+ of \\d+, ONNX_ATEN \\d+ of \\d+, "
                + "ONNX_ATEN_FALLBACK \\d+ of \\d+, ONNX_FALLTHROUGH \\d+ of \\d+\n.*"), r::toString);
        assertFalse(r.out().contains("is not available"), r::toString);
    }

    private static void assertOneLineError(CliTestSupport.Result r, String expected) {
        assertNotEquals(0, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("onnxport") && r.err().contains(expected), r::toString);
    }
}
