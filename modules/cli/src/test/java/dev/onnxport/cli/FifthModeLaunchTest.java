package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command knows export modes only through the core's SPI: a fifth mode's module on the module path is an export
 * type like torch's four, for {@code export --type} and {@code ops}. The command runs in a real JVM on a module path
 * like the {@code ./onnxport} launcher's (this module's classes and its runtime dependencies), plus the module of
 * the test-only mode ONNX_UPPERCASE_TEST compiled from {@code modules/fallthrough/src/test/fifth-mode}.
 */
class FifthModeLaunchTest {
    private static final Path FIFTH_MODE_SOURCES = Path.of("..", "fallthrough", "src", "test", "fifth-mode");

    @TempDir static Path dir;
    /** The launcher's module path without the fifth mode, and with it. */
    private static String modulePath, withFifth;

    @BeforeAll
    static void modulePaths() throws IOException, InterruptedException {
        modulePath = CliProcess.modulePath();
        Path fifth = Files.createDirectories(dir.resolve("fifth-mode-module"));
        List<String> javac = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--module-path", modulePath, "-d", fifth.toString()));
        try (Stream<Path> files = Files.walk(FIFTH_MODE_SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        launch(javac);
        assertTrue(Files.isRegularFile(fifth.resolve("module-info.class")), "the fifth mode did not compile");
        withFifth = modulePath + File.pathSeparator + fifth;
    }

    @Test
    void exportSelectsTheFifthModeByItsName() throws IOException, InterruptedException {
        Path out = dir.resolve("mlp-uppercase.onnx");
        String printed = onnxport(withFifth, "export", "--model", "mlp", "--type", "ONNX_UPPERCASE_TEST", "-o", out.toString());
        assertTrue(printed.contains("opset 17, ONNX_UPPERCASE_TEST,"), printed);
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        Set<String> domains = m.getGraph().getNodeList().stream().map(NodeProto::getDomain).collect(Collectors.toSet());
        assertEquals(Set.of("test.uppercase"), domains, m.getGraph().getNodeList()::toString);
        assertTrue(m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList().containsAll(List.of("LINEAR", "RELU")),
                m.getGraph().getNodeList()::toString);
    }

    @Test
    void opsHasAColumnForTheFifthMode() throws IOException, InterruptedException {
        String at17 = onnxport(withFifth, "ops", "--opset", "17");
        assertTrue(at17.lines().findFirst().orElse("").matches("aten op \\(opset 17\\) +ONNX +ONNX_ATEN +ONNX_ATEN_FALLBACK "
                + "+ONNX_FALLTHROUGH +ONNX_UPPERCASE_TEST"), at17);
        assertTrue(at17.matches("(?s).*\naten::relu +yes +yes +yes +yes +yes\n.*"), at17);
        // every aten op, as ONNX_ATEN: both refuse the one op outside aten (onnxport::rotary_embedding)
        assertTrue(at17.matches("(?s).*ONNX_ATEN (\\d+) of (\\d+), .*, ONNX_UPPERCASE_TEST \\1 of \\2\n.*"), at17);
        assertTrue(at17.matches("(?s).*\nonnxport::rotary_embedding +yes +- +yes +yes +-\n.*"), at17);
        // the mode announces opsets 13 to 17: at 9 it exports nothing
        String at9 = onnxport(withFifth, "ops", "--opset", "9");
        assertTrue(at9.matches("(?s).*\naten::relu +yes +yes +yes +yes +-\n.*"), at9);
        assertTrue(at9.contains(", ONNX_UPPERCASE_TEST 0 of "), at9);
    }

    @Test
    void aTypeNotOnTheModulePathIsAUsageErrorListingThoseThatAre() throws IOException, InterruptedException {
        Run r = run(modulePath, "export", "--model", "mlp", "--type", "ONNX_UPPERCASE_TEST", "-o", dir.resolve("x.onnx").toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains("--type") && r.err().contains("operator export type ONNX_UPPERCASE_TEST is not available")
                && r.err().contains("available: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH"), r::toString);
    }

    private record Run(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err; }
    }

    /** Runs the command on {@code mp}; it must exit 0. Its standard output. */
    private static String onnxport(String mp, String... args) throws IOException, InterruptedException {
        Run r = run(mp, args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
        return r.out();
    }

    /** Runs the command like the ./onnxport launcher, on the module path {@code mp}. */
    private static Run run(String mp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", mp, "--add-modules", "ALL-MODULE-PATH", "--module", "dev.onnxport.cli/dev.onnxport.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    private static void launch(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + "\n" + out);
    }
}
