package dev.onnxport.cli;

import dev.onnxport.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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

    /** {@code ../shared/fixtures} (or -Donnxport.shared=DIR); without it the test fails under CI and is skipped otherwise. */
    static Path fixtures() { return Fixtures.root(); }

    static Path model(String name) { return Fixtures.model(name); }
}
