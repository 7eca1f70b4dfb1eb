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
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Discovery in real JVMs: each export mode exists exactly when its module is present, on the module path
 * (through {@code provides}) and on the plain class path (through {@code META-INF/services}); a missing one is
 * reported with the modes that are present (the core names no provider). The modules are the built module
 * directories (target/classes, exploded modules) of the reactor; the probe runs from a directory holding only its
 * own classes. A fifth mode, from a module of its own compiled from {@code src/test/fifth-mode}, is found and
 * exported with by its name like torch's four.
 */
class DiscoveryLaunchTest {
    private static final Path CORE = rootOf(Graph.class);
    private static final Path ONNX = rootOf(OnnxExportMode.class);
    private static final Path ATEN = rootOf(AtenExportMode.class);
    private static final Path FALLBACK = rootOf(AtenFallbackExportMode.class);
    private static final Path FALLTHROUGH = rootOf(FallthroughExportMode.class);
    private static final List<Path> LIBS = List.of(rootOf(Message.class), rootOf(Logger.class));
    private static final List<Path> ALL = List.of(CORE, ONNX, ATEN, FALLBACK, FALLTHROUGH);
    /** The module of each mode, as the probe names it on the module path. */
    private static final Map<OperatorExportType, String> MODULES = Map.of(
            OperatorExportType.ONNX, "dev.onnxport.onnx", OperatorExportType.ONNX_ATEN, "dev.onnxport.onnx.aten",
            OperatorExportType.ONNX_ATEN_FALLBACK, "dev.onnxport.aten.fallback",
            OperatorExportType.ONNX_FALLTHROUGH, "dev.onnxport.fallthrough");
    private static final OperatorExportType UPPERCASE = OperatorExportType.of("ONNX_UPPERCASE_TEST");

    @TempDir static Path probe;
    /** The fifth mode's module, compiled from src/test/fifth-mode against the core only (a folder beside the probe's package). */
    private static Path fifth;

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

    /** Compiles the fifth mode into a module directory, with its META-INF/services for the class path. */
    @BeforeAll
    static void fifthModeModule() throws IOException, InterruptedException {
        Path src = Path.of("src", "test", "fifth-mode").toAbsolutePath();
        fifth = Files.createDirectories(probe.resolve("fifth-mode-module"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--module-path", join(concat(List.of(CORE), LIBS)), "-d", fifth.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
        }
        String out = launch(cmd);
        Path services = Path.of("META-INF", "services", "dev.onnxport.spi.ExportMode");
        Files.createDirectories(fifth.resolve(services).getParent());
        Files.copy(src.resolve(services), fifth.resolve(services));
        assertTrue(Files.isRegularFile(fifth.resolve("module-info.class")), out);
    }

    @Test
    void coreAndOnnxOnlyListTheAvailableModes() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(CORE, ONNX), List.of());
        assertEquals("ok dev.onnxport.onnx", r.get(OperatorExportType.ONNX));
        for (OperatorExportType t : List.of(OperatorExportType.ONNX_ATEN, OperatorExportType.ONNX_ATEN_FALLBACK,
                OperatorExportType.ONNX_FALLTHROUGH)) {
            assertTrue(r.get(t).startsWith("error operator export type " + t + " is not available")
                    && r.get(t).contains("(available: ONNX)"), r.get(t));
        }
    }

    @Test
    void everyModeWorksWithAllModulesOnTheModulePath() throws Exception {
        Map<OperatorExportType, String> r = run(ALL, List.of());
        for (OperatorExportType t : OperatorExportType.wellKnown()) assertEquals("ok " + MODULES.get(t), r.get(t), t.name());
    }

    @Test
    void everyModeWorksWithTheSameJarsOnTheClassPath() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(), ALL);
        for (OperatorExportType t : OperatorExportType.wellKnown()) assertEquals("ok unnamed", r.get(t), t.name());
    }

    @Test
    void withoutFallthroughOnlyItIsMissing() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(CORE, ONNX, ATEN, FALLBACK), List.of());
        assertEquals("ok dev.onnxport.aten.fallback", r.get(OperatorExportType.ONNX_ATEN_FALLBACK));
        assertTrue(r.get(OperatorExportType.ONNX_FALLTHROUGH).contains("ONNX_FALLTHROUGH is not available")
                && r.get(OperatorExportType.ONNX_FALLTHROUGH).contains("(available: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK)"), r.toString());
    }

    /** A mode the core and the command have never heard of: on the module path, it is selected by name and exports. */
    @Test
    void aFifthModeFromItsOwnModuleExportsByItsName(@TempDir Path out) throws Exception {
        Map<OperatorExportType, String> r = run(concat(ALL, List.of(fifth)), List.of(), Map.of("probe.out", out.toString()),
                UPPERCASE.name(), "ONNX");
        assertEquals("ok dev.onnxport.test.uppercase", r.get(UPPERCASE));
        assertEquals("ok dev.onnxport.onnx", r.get(OperatorExportType.ONNX));
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out.resolve("ONNX_UPPERCASE_TEST.onnx")));
        assertEquals(List.of("test.uppercase::RELU"),
                m.getGraph().getNodeList().stream().map(n -> n.getDomain() + "::" + n.getOpType()).toList());
        Map<String, Long> imports = new TreeMap<>();
        for (OperatorSetIdProto o : m.getOpsetImportList()) imports.put(o.getDomain(), o.getVersion());
        assertEquals(Map.of("", 17L, "test.uppercase", 1L), imports);
        assertEquals(m.getGraph().getInput(0).getName(), m.getGraph().getNode(0).getInput(0));
        assertEquals(m.getGraph().getOutput(0).getName(), m.getGraph().getNode(0).getOutput(0));

        // the opsets it announces bound the export; without its module, the error lists the modes present
        r = run(concat(ALL, List.of(fifth)), List.of(), Map.of("probe.opset", "9"), UPPERCASE.name());
        assertEquals("error opsetVersion 9 is not supported by operator export type ONNX_UPPERCASE_TEST; choose an opset "
                + "from 13 to 17 (default 17)", r.get(UPPERCASE));
        r = run(ALL, List.of(), Map.of(), UPPERCASE.name());
        assertTrue(r.get(UPPERCASE).startsWith("error operator export type ONNX_UPPERCASE_TEST is not available")
                && r.get(UPPERCASE).contains("(available: ONNX, ONNX_ATEN, ONNX_ATEN_FALLBACK, ONNX_FALLTHROUGH)"), r.toString());
    }

    @Test
    void theFifthModeWorksOnTheClassPathToo() throws Exception {
        Map<OperatorExportType, String> r = run(List.of(), concat(ALL, List.of(fifth)), Map.of(), UPPERCASE.name());
        assertEquals("ok unnamed", r.get(UPPERCASE));
    }

    private static Map<OperatorExportType, String> run(List<Path> modulePath, List<Path> classPath) throws IOException, InterruptedException {
        return run(modulePath, classPath, Map.of());
    }

    /**
     * Runs {@link AskModes} with {@code modulePath} (plus libraries, all resolved), {@code classPath}, system properties
     * {@code props} and the type names {@code types} (torch's four when none); its answers by type.
     */
    private static Map<OperatorExportType, String> run(List<Path> modulePath, List<Path> classPath, Map<String, String> props,
                                                       String... types) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(JdkFlags.forThisJvm("ALL-UNNAMED"));  // no JDK warnings in the output read below
        List<Path> cp = new ArrayList<>(classPath);
        cp.add(probe);
        if (modulePath.isEmpty()) {
            cp.addAll(LIBS);
        } else {
            cmd.addAll(List.of("--module-path", join(concat(modulePath, LIBS)), "--add-modules", "ALL-MODULE-PATH"));
        }
        cmd.addAll(List.of("-cp", join(cp), AskModes.class.getName()));
        cmd.addAll(List.of(types));
        String out = launch(cmd);
        Map<OperatorExportType, String> answers = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            answers.put(OperatorExportType.of(line.substring(0, sp)), line.substring(sp + 1));
        }
        assertEquals(types.length == 0 ? OperatorExportType.wellKnown().size() : types.length, answers.size(), out);
        return answers;
    }

    /** Runs {@code cmd}, which must exit 0 within a minute; its standard output, stripped. */
    private static String launch(List<String> cmd) throws IOException, InterruptedException {
        File err = Files.createTempFile(probe, "stderr", ".txt").toFile();
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String diagnostics = "command " + cmd + "\nstdout:\n" + out + "\nstderr:\n" + Files.readString(err.toPath());
        assertEquals(0, p.exitValue(), diagnostics);
        return out;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
