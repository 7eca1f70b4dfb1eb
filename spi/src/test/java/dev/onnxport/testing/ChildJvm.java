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
        return start(List.of(), main, jvmOptions, roots, extra, log, args);
    }

    /**
     * As {@link #start(Class, List, List, List, Path, String...)}, the JVM started by {@code launcher} (a command and
     * its arguments that runs the rest, e.g. {@link #DEFAULT_SIGINT}).
     */
    public static Process start(List<String> launcher, Class<?> main, List<String> jvmOptions, List<Class<?>> roots,
                                List<Path> extra, Path log, String... args) throws IOException {
        List<Path> cp = new ArrayList<>();
        cp.add(ServiceDeclarations.rootOf(main));
        for (Class<?> c : roots) {
            Path r = ServiceDeclarations.rootOf(c);
            if (!cp.contains(r)) cp.add(r);
        }
        cp.addAll(extra);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JdkFlags.forThisJvm("ALL-UNNAMED"));  // no JDK warnings in the log the tests read
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * A launcher that gives the JVM SIGINT's default action. A process started in the background by a shell without
     * job control (a CI step, {@code mvn test &}) inherits SIGINT ignored, and a JVM leaves an ignored SIGINT ignored,
     * so Ctrl-C could not be tested; GNU env (coreutils 8.31 and later) restores it.
     */
    public static final List<String> DEFAULT_SIGINT = List.of("env", "--default-signal=INT");

    /** Sends {@code signal} (TERM, INT, ...) to {@code p}. */
    public static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IOException("kill -" + signal + " " + p.pid() + " failed");
    }

    /** The pid of a process that has ended (none runs with it now). */
    public static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) throw new IllegalStateException("pid " + pid + " reused at once");
        return pid;
    }
}
