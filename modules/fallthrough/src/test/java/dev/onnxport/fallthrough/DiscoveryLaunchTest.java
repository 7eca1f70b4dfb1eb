package dev.onnxport.fallthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.onnxport.aten.fallback.AtenFallbackExportMode;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.fallthrough.probe.AskModes;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.aten.AtenExportMode;
import dev.onnxport.onnx.lowering.OnnxExportMode;
import dev.onnxport.testing.JdkFlags;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Discovery in real JVMs: each export mode exists exactly when its module is present, on the module path
 * (through {@code provides}) and on the plain class path (through {@code META-INF/services}). The modules are
 * the built module directories (target/classes, exploded modules) of the reactor; the probe runs from a
 * directory holding only its own classes.
 */
class DiscoveryLaunchTest {
    private static final Path CORE = rootOf(Graph.class);
    private static final Path ONNX = rootOf(OnnxExportMode.class);
    private static final Path ATEN = rootOf(AtenExportMode.class);
    private static final Path FALLBACK = rootOf(AtenFallbackExportMode.class);
    private static final Path FALLTHROUGH = rootOf(FallthroughExportMode.class);
    private static final List<Path> LIBS = List.of(rootOf(Message.class), rootOf(Logger.class));
    private static final List<Path> ALL = List.of(CORE, ONNX, ATEN, FALLBACK, FALLTHROUGH);

    @TempDir static Path probe;

    /** Copies the probe's class files (and nothing else) into their own directory. */
    @BeforeAll
    static void probeDirectory() throws IOException {
        String pkg = AskModes.class.getPackageName().replace('.', '/');
        Path from = rootOf(AskModes.class).resolve(pkg);
        Path to = Files.createDirectories(probe.resolve(pkg));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("AskModes")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void coreAndOnnxOnlyNameTheMissingModules() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(CORE, ONNX), List.of());
        assertEquals("ok dev.onnxport.onnx", r.get(OperatorExportType.ONNX));
        String fallback = r.get(OperatorExportType.ONNX_ATEN_FALLBACK);
        assertTrue(fallback.startsWith("error ") && fallback.contains("module dev.onnxport.aten.fallback")
                && fallback.contains("onnxport-aten-fallback"), fallback);
        for (OperatorExportType t : List.of(OperatorExportType.ONNX_ATEN, OperatorExportType.ONNX_FALLTHROUGH)) {
            assertTrue(r.get(t).startsWith("error ") && r.get(t).contains(t.moduleName()) && r.get(t).contains(t.artifact()), r.get(t));
        }
    }

    @Test
    void everyModeWorksWithAllModulesOnTheModulePath() throws Exception {
        Map<OperatorExportType, String> r = run(ALL, List.of());
        for (OperatorExportType t : OperatorExportType.values()) assertEquals("ok " + t.moduleName(), r.get(t), t.name());
    }

    @Test
    void everyModeWorksWithTheSameJarsOnTheClassPath() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(), ALL);
        for (OperatorExportType t : OperatorExportType.values()) assertEquals("ok unnamed", r.get(t), t.name());
    }

    @Test
    void withoutFallthroughOnlyItIsMissing() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(CORE, ONNX, ATEN, FALLBACK), List.of());
        assertEquals("ok dev.onnxport.aten.fallback", r.get(OperatorExportType.ONNX_ATEN_FALLBACK));
        assertTrue(r.get(OperatorExportType.ONNX_FALLTHROUGH).contains("module dev.onnxport.fallthrough"), r.toString());
    }

    /** Runs {@link AskModes} with {@code modulePath} (plus libraries, all resolved) and {@code classPath}; its answers by type. */
    private static Map<OperatorExportType, String> run(List<Path> modulePath, List<Path> classPath) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JdkFlags.forThisJvm("ALL-UNNAMED"));  // no JDK warnings in the output read below
        List<Path> cp = new ArrayList<>(classPath);
        cp.add(probe);
        if (modulePath.isEmpty()) {
            cp.addAll(LIBS);
        } else {
            List<Path> mp = new ArrayList<>(modulePath);
            mp.addAll(LIBS);
            cmd.addAll(List.of("--module-path", join(mp), "--add-modules", "ALL-MODULE-PATH"));
        }
        cmd.addAll(List.of("-cp", join(cp), AskModes.class.getName()));
        File err = Files.createTempFile(probe, "stderr", ".txt").toFile();
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String diagnostics = "command " + cmd + "\nstdout:\n" + out + "\nstderr:\n" + Files.readString(err.toPath());
        assertEquals(0, p.exitValue(), diagnostics);
        Map<OperatorExportType, String> answers = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            answers.put(OperatorExportType.valueOf(line.substring(0, sp)), line.substring(sp + 1));
        }
        assertEquals(OperatorExportType.values().length, answers.size(), diagnostics);
        return answers;
    }

    private static Path rootOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}
