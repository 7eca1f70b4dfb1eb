package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.ModelProto;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own model reaches the command as a plug-in: a jar built here from {@code src/test/user-plugin} (an
 * automatic module declaring its {@code ModelFactory} in META-INF/services) on the module path makes
 * {@code export --model user-two-layer} work; the {@code ./onnxport} launcher puts {@code --plugin} paths and
 * {@code ONNXPORT_PLUGINS} there, and refuses one that does not exist.
 */
class PluginLaunchTest {
    private static final Path SOURCES = Path.of("src", "test", "user-plugin");
    private static final Path LAUNCHER = Path.of("..", "..", "onnxport");

    @TempDir static Path dir;
    private static String modulePath;
    private static Path jar;

    @BeforeAll
    static void buildThePlugin() throws IOException, InterruptedException {
        modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar")
                        && !e.matches(".*(junit|opentest4j|apiguardian|surefire|archunit|jazzer).*"))
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> javac = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--class-path", modulePath, "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        Run r = run(javac);
        assertEquals(0, r.code(), r.toString());
        jar = dir.resolve("user-models.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Stream.concat(Files.walk(classes), Files.walk(SOURCES))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".java")).toList()) {
                Path root = f.startsWith(classes) ? classes : SOURCES;
                out.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }

    @Test
    void aPluginsModelExportsByName() throws IOException, InterruptedException {
        Path out = dir.resolve("user.onnx");
        Run r = java(modulePath + File.pathSeparator + jar, "export", "--model", "user-two-layer", "--verify", "-o", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("verified in onnxruntime"), r.out());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals("x", m.getGraph().getInput(0).getName());
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        Run without = java(modulePath, "export", "--model", "user-two-layer", "-o", dir.resolve("none.onnx").toString());
        assertEquals(1, without.code(), without.toString());
        assertTrue(without.err().contains("user-two-layer"), without.err());
    }

    @Test
    void theLauncherPutsPluginsOnTheModulePath() throws IOException, InterruptedException {
        Path other = Files.createDirectories(dir.resolve("more-plugins"));
        Run r = launcher(Map.of("ONNXPORT_PLUGINS", other.toString()), "--plugin", jar.toString(), "export", "--help");
        assertEquals(0, r.code(), r.toString());
        List<String> path = List.of(r.out().strip().split(":"));
        assertTrue(path.get(0).endsWith("onnxport-cli.jar"), r.out());
        assertEquals(List.of(other.toString(), jar.toString()), path.subList(path.size() - 2, path.size()), "env first, then --plugin");
        Run missing = launcher(Map.of(), "--plugin", dir.resolve("nope.jar").toString(), "export", "--help");
        assertEquals(2, missing.code(), missing.toString());
        assertEquals("onnxport: plug-in " + dir.resolve("nope.jar") + ": no such jar or folder (--plugin or ONNXPORT_PLUGINS)", missing.err().strip());
    }

    private record Run(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err; }
    }

    /** The launcher in its print-only mode: the module path it would use, without building or running. */
    private static Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("ONNXPORT_PLUGINS");
        pb.environment().putAll(env);
        pb.environment().put("ONNXPORT_PRINT_MODULE_PATH", "1");
        return run(pb);
    }

    private static Run java(String mp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", mp, "--add-modules", "ALL-MODULE-PATH", "--module", "dev.onnxport.cli/dev.onnxport.cli.Main"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd));
    }

    private static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + pb.command());
        }
        return new Run(p.exitValue(), out, Files.readString(err));
    }
}
