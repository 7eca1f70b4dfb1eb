package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./onnxport} launcher's JVM flags by command line (its print-only mode, which builds and runs nothing): an
 * export without --verify is short-lived and runs with C1 only; --verify, --help and other commands keep the full
 * tiered compiler; the commands that run the eager engine (export --verify, trace, generate --eager) resolve the
 * incubator Vector API for the matrix-product kernel, the others do not (the JVM warns when it is resolved).
 */
class LauncherFlagsTest {
    private static final Path LAUNCHER = Path.of("..", "..", "onnxport");

    private static String flags(String... args) throws IOException, InterruptedException {
        return flags(Map.of(), args);
    }

    private static String flags(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("ONNXPORT_PLUGINS");
        pb.environment().remove("ONNXPORT_VECTOR");
        pb.environment().put("ONNXPORT_PRINT_JVM_FLAGS", "1");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void anExportWithoutVerifyRunsWithC1Only() throws Exception {
        assertEquals("-XX:TieredStopAtLevel=1", flags("export", "--model", "mlp", "-o", "m.onnx"));
        assertEquals("-XX:TieredStopAtLevel=1", flags("--plugin", ".", "export", "--model", "mlp", "-o", "m.onnx"));
    }

    @Test
    void verifyHelpAndOtherCommandsKeepTheFullCompiler() throws Exception {
        assertEquals(VECTOR, flags("export", "--model", "mlp", "--verify", "-o", "m.onnx"));
        assertEquals("", flags("export", "--help"));
        assertEquals("", flags("inspect", "m.onnx"));
        assertEquals("", flags("conformance"));
    }

    private static final String VECTOR = "--add-modules jdk.incubator.vector";

    @Test
    void onlyTheCommandsThatRunTheEagerEngineResolveTheVectorApi() throws Exception {
        assertEquals(VECTOR, flags("export", "--model", "mlp", "--verify=true", "-o", "m.onnx"));
        assertEquals(VECTOR, flags("trace", "--model", "mlp"));
        assertEquals(VECTOR, flags("generate", "--eager", "--hf", "dir", "--prompt-ids", "1"));
        assertEquals("", flags("generate", "m.onnx", "--prompt-ids", "1"));
        assertEquals("", flags("trace", "--help"));
        assertEquals("", flags("verify", "m.onnx", "--fixture", "mlp"));
        assertEquals("", flags("check", "m.onnx"));
        assertEquals("-XX:TieredStopAtLevel=1", flags("export", "--model", "mlp", "-o", "m.onnx"));
    }

    @Test
    void onnxportVectorZeroKeepsThePlainJavaKernel() throws Exception {
        assertEquals("", flags(Map.of("ONNXPORT_VECTOR", "0"), "export", "--model", "mlp", "--verify", "-o", "m.onnx"));
        assertEquals("", flags(Map.of("ONNXPORT_VECTOR", "0"), "trace", "--model", "mlp"));
        assertEquals(VECTOR, flags(Map.of("ONNXPORT_VECTOR", "1"), "trace", "--model", "mlp"));
    }
}
