package dev.onnxport.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a real JVM on the class path roots of given classes (as the launch tests do), for kill and heap tests. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * Starts {@code main} with the JVM options, on a class path of the roots that hold {@code roots} (class
     * folders or jars) plus {@code extra} folders; stdout and stderr go to {@code log}.
     */
    public static Process start(Class<?> main, List<String> jvmOptions, List<Class<?>> roots, List<Path> extra,
                                Path log, String... args) throws IOException {
        List<Path> cp = new ArrayList<>();
        cp.add(ServiceDeclarations.rootOf(main));
        for (Class<?> c : roots) {
            Path r = ServiceDeclarations.rootOf(c);
            if (!cp.contains(r)) cp.add(r);
        }
        cp.addAll(extra);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JdkFlags.forThisJvm("ALL-UNNAMED"));  // no JDK warnings in the log the tests read
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
