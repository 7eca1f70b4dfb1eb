package dev.onnxport.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command in-process and captures what it prints; finds the shared PyTorch fixtures. */
final class CliTestSupport {
    private CliTestSupport() {}

    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
        /** The stderr lines (progress is off in tests, so these are the error lines). */
        List<String> errLines() { return err.isEmpty() ? List.of() : List.of(err.split("\n")); }

        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        @Override public String toString() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    static Result run(Object... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = String.valueOf(args[i]);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), a);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code ../shared/fixtures} (or -Donnxport.shared=DIR); the test is skipped without it. */
    static Path fixtures() {
        List<Path> tries = new ArrayList<>();
        String prop = System.getProperty("onnxport.shared");
        if (prop != null) tries.add(Path.of(prop));
        for (String up : List.of("..", "../..", "../../..")) tries.add(Path.of(up, "shared"));
        for (Path p : tries) if (Files.isDirectory(p.resolve("fixtures/models"))) return p.resolve("fixtures").toAbsolutePath().normalize();
        assumeTrue(false, "PyTorch fixtures not found (set -Donnxport.shared=DIR); skipping");
        return null;
    }

    static Path model(String name) { return fixtures().resolve("models").resolve(name); }
}
