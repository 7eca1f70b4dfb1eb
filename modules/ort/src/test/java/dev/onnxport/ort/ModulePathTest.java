package dev.onnxport.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the module path, module-info alone (not META-INF/services) must make the provider visible; checked in a real JVM. */
class ModulePathTest {
    private static final String PROBE = """
            import dev.onnxport.spi.RuntimeVerifier;
            import java.util.ServiceLoader;
            public class Probe {
                public static void main(String[] args) {
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
        Process p = new ProcessBuilder(List.of(java.toString(), "--module-path", modulePath,
                "--add-modules", "dev.onnxport.ort", probe.toString())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("dev\\.onnxport\\.ort onnxruntime 1\\.\\d+\\.\\d+")), out);
    }
}
