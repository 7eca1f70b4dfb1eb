package dev.onnxport.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.JdkFlags;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the module path, module-info alone (not META-INF/services) must make the provider visible; checked in a real
 * JVM, which also loads ONNX Runtime's native library and serializes a protobuf message with the flags README.md
 * gives for users' own module path, and must print no JDK warning on the JDK running the tests.
 */
class ModulePathTest {
    private static final String PROBE = """
            import dev.onnxport.onnx.proto.ModelProto;
            import dev.onnxport.spi.RuntimeVerifier;
            import java.util.ServiceLoader;
            public class Probe {
                public static void main(String[] args) {
                    System.out.println("proto bytes " + ModelProto.newBuilder().setIrVersion(10).build().toByteArray().length);
                    for (RuntimeVerifier v : ServiceLoader.load(RuntimeVerifier.class)) {
                        System.out.println(v.getClass().getModule().getName() + " " + v.name());
                    }
                }
            }
            """;

    @Test
    void theProviderIsFoundOnTheModulePath(@TempDir Path dir) throws Exception {
        // the module's classes, the core and the runtime jars; test-only jars stay out of the module graph
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar")
                        && !e.matches(".*(junit|opentest4j|apiguardian|surefire).*"))
                .collect(Collectors.joining(File.pathSeparator));
        Path probe = Files.writeString(dir.resolve("Probe.java"), PROBE);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(JdkFlags.forThisJvm("com.microsoft.onnxruntime"));  // README.md, "Java versions"
        cmd.addAll(List.of("--module-path", modulePath, "--add-modules", "dev.onnxport.ort", probe.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("dev\\.onnxport\\.ort onnxruntime 1\\.\\d+\\.\\d+")), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("proto bytes 2")), out);
        assertEquals(List.of(), out.lines().filter(l -> l.startsWith("WARNING:")).toList(),
                "JDK " + Runtime.version() + " warned with the flags of README.md:\n" + out);
    }
}
