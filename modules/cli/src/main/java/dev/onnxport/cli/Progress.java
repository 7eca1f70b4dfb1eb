package dev.onnxport.cli;

import java.io.PrintWriter;

/**
 * Progress of a long phase on one rewritten stderr line, shown only on a terminal so that pipes and logs stay
 * quiet. Set {@code ONNXPORT_PROGRESS=0} to silence it on a terminal too.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean on;
    private int shown;

    private Progress(PrintWriter err, boolean on) {
        this.err = err;
        this.on = on;
    }

    static Progress on(PrintWriter err) {
        return new Progress(err, System.console() != null && !"0".equals(System.getenv("ONNXPORT_PROGRESS")));
    }

    /** Replaces the progress line with {@code message}. */
    void show(String message) {
        if (!on) return;
        String m = message.length() > 100 ? message.substring(0, 100) : message;
        err.print("\r" + m + " ".repeat(Math.max(0, shown - m.length())));
        err.flush();
        shown = m.length();
    }

    /** Clears the progress line before normal output continues. */
    void clear() {
        if (!on || shown == 0) return;
        err.print("\r" + " ".repeat(shown) + "\r");
        err.flush();
        shown = 0;
    }
}
