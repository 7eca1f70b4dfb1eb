package dev.onnxport.cli;

import dev.onnxport.testing.JdkFlags;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the command in a JVM of its own, as the {@code ./onnxport} launcher does: on a module path of this module's
 * classes and its runtime jars, with the JVM flags README.md gives for this Java version. For what only a process
 * shows: exit codes on signals, a heap limit, standard output on a full disk, several processes at once.
 */
final class CliProcess {
    private CliProcess() {}

    /** The launcher's module path: the main classes and runtime jars; test-only jars stay out of the module graph. */
    static String modulePath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar")
                        && !e.matches(".*(junit|opentest4j|apiguardian|surefire|archunit|jazzer).*"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The command line: {@code launcher}, java, the flags, {@code jvmOptions}, the module path, Main, {@code args}. */
    static List<String> command(List<String> launcher, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JdkFlags.forThisJvm("com.microsoft.onnxruntime,org.bytedeco.javacpp,org.bytedeco.onnx"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("--module-path", modulePath(), "--add-modules", "ALL-MODULE-PATH",
                "--module", "dev.onnxport.cli/dev.onnxport.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the command with stdout and stderr to files in {@code logs}, named {@code name}.out and .err. */
    static Process start(Path logs, String name, List<String> launcher, List<String> jvmOptions, String... args) throws IOException {
        return new ProcessBuilder(command(launcher, jvmOptions, args))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile()).start();
    }

    /** Exit code, stdout and stderr of one finished run. */
    record Run(int code, String out, String err) {
        List<String> errLines() { return err.isEmpty() ? List.of() : List.of(err.split("\n")); }

        @Override public String toString() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    /** Waits (at most {@code seconds}) for a process started by {@link #start} and collects what it printed. */
    static Run finish(Process p, Path logs, String name, int seconds) throws IOException, InterruptedException {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError(name + " did not end within " + seconds + " s");
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(logs.resolve(name + ".out")), Files.readString(logs.resolve(name + ".err")));
    }

    /** Runs the command to its end. */
    static Run run(Path logs, String name, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return finish(start(logs, name, List.of(), jvmOptions, args), logs, name, 300);
    }
}
