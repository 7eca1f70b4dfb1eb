package dev.onnxport.onnx.aten;

import dev.onnxport.testing.JdkFlags;
import dev.onnxport.testing.ServiceDeclarations;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Message;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.aten.probe.ListModes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * Discovery in real JVMs: ONNX_ATEN exists exactly when this module is present, on the module path
 * (through {@code provides}) and on the class path (through {@code META-INF/services}).
 */
class AtenLaunchTest {
    private static final Path CORE = ServiceDeclarations.rootOf(Graph.class);
    private static final Path ATEN = ServiceDeclarations.rootOf(AtenExportMode.class);
    private static final List<Path> LIBS = List.of(ServiceDeclarations.rootOf(Message.class), ServiceDeclarations.rootOf(Logger.class));
    private static final Path PROBE = ServiceDeclarations.rootOf(ListModes.class);

    @Test
    void modulePathWithTheModule() throws Exception {
        assertEquals("ONNX_ATEN dev.onnxport.onnx.aten", run(List.of(CORE, ATEN), List.of()));
    }

    @Test
    void modulePathWithoutTheModule() throws Exception {
        assertEquals("", run(List.of(CORE), List.of()));
    }

    @Test
    void classPathOnly() throws Exception {
        assertEquals("ONNX_ATEN unnamed", run(List.of(), List.of(CORE, ATEN)));
    }

    /** Runs {@link ListModes} with {@code modulePath} (plus libraries, all resolved) and {@code classPath}. */
    private static String run(List<Path> modulePath, List<Path> classPath) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JdkFlags.forThisJvm("ALL-UNNAMED"));  // no JDK warnings in the output read below
        List<Path> cp = new ArrayList<>(classPath);
        cp.add(PROBE);
        if (modulePath.isEmpty()) {
            cp.addAll(LIBS);
        } else {
            List<Path> mp = new ArrayList<>(modulePath);
            mp.addAll(LIBS);
            cmd.addAll(List.of("--module-path", join(mp), "--add-modules", "ALL-MODULE-PATH"));
        }
        cmd.addAll(List.of("-cp", join(cp), ListModes.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), "exit status of " + cmd + "\n" + out);
        return out;
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}
