package dev.onnxport.cli;

import dev.onnxport.export.ExportProgress;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Progress of long phases on one rewritten stderr line, shown only when stderr is a terminal, so that pipes and logs
 * never get a carriage return. A phase ({@link #show}) is drawn once it has lasted over a second
 * ({@value #SHOW_AFTER_MS} ms), then redrawn at most every {@value #REDRAW_MS} ms: with a bar, percentage and bytes
 * when {@link #bytes} says how far it is ({@code writing model.onnx [#########...........] 48%  312/652 MB}), with
 * the seconds it has taken otherwise. {@link #clear} removes the line before normal output. Set
 * {@code ONNXPORT_PROGRESS=0} to silence it on a terminal too.
 *
 * <p>A daemon thread redraws a phase that reports nothing (a runtime opening a model) so that its seconds move; the
 * clock and the terminal flag are parameters, so that the tests drive it without waiting.
 */
final class Progress {
    static final long SHOW_AFTER_MS = 1000;
    static final long REDRAW_MS = 100;
    private static final long SHOW_AFTER = SHOW_AFTER_MS * 1_000_000;
    private static final long REDRAW = REDRAW_MS * 1_000_000;
    private static final int BAR = 20;

    private final PrintWriter err;
    private final boolean on;
    private final LongSupplier clock;
    private final int width;
    private String message;     // the current phase's text; null when no phase runs
    private long start;         // when it started (clock nanos)
    private long done;
    private long total = -1;    // bytes of the phase, -1 when it reports none
    private boolean drawnOnce;  // whether this phase has been drawn (then lastDraw holds)
    private long lastDraw;
    private String drawn = "";  // what the line holds now
    /** The line a command on a terminal draws, for {@link #clearCurrent}. */
    private static volatile Progress current;

    /**
     * A renderer writing to {@code err} when {@code terminal}, timing with {@code clock} (nanoseconds), lines cut to
     * {@code width} - 1 characters; it never draws by itself (see {@link #on}, which adds the redrawing thread).
     */
    Progress(PrintWriter err, boolean terminal, LongSupplier clock, int width) {
        this.err = err;
        this.on = terminal;
        this.clock = clock;
        this.width = Math.max(40, width);
    }

    /** The progress line of a command: drawn when stderr is a terminal and ONNXPORT_PROGRESS is not 0. */
    static Progress on(PrintWriter err) {
        boolean on = !"0".equals(System.getenv("ONNXPORT_PROGRESS")) && stderrIsTerminal();
        Progress p = new Progress(err, on, System::nanoTime, columns());
        if (on) {
            current = p;
            Thread t = new Thread(p::tickForever, "onnxport-progress");
            t.setDaemon(true);
            t.start();
        }
        return p;
    }

    /** Starts a phase named {@code message}, ending the one before (its line is removed). */
    synchronized void show(String message) {
        if (!on) return;
        erase();
        this.message = message;
        start = clock.getAsLong();
        total = -1;
        done = 0;
        drawnOnce = false;
    }

    /** Changes the current phase's text (a step counter), keeping its start; starts a phase when none runs. */
    synchronized void update(String message) {
        if (!on) return;
        if (this.message == null) {
            show(message);
            return;
        }
        this.message = message;
        redraw();
    }

    /** The current phase has done {@code done} of {@code total} bytes. */
    synchronized void bytes(long done, long total) {
        if (!on || message == null) return;
        this.done = done;
        this.total = total;
        redraw();
    }

    /** Redraws the line if it is due (the phase is over a second old, the last draw is old enough). */
    synchronized void tick() {
        if (!on || message == null) return;
        redraw();
    }

    /** Ends the phase and removes its line before normal output continues. */
    synchronized void clear() {
        if (!on) return;
        erase();
        message = null;
    }

    /** Clears the line of the command running on a terminal, if any: before an error line the command did not expect. */
    static void clearCurrent() {
        Progress p = current;
        if (p != null) p.clear();
    }

    /**
     * An export's listener that shows its phases ({@code what} names the model, {@code file} the output) and the
     * bytes written; {@link ExportProgress#NONE} when nothing is drawn, so that the export counts nothing.
     */
    ExportProgress exporting(String what, Path file) {
        if (!on) return ExportProgress.NONE;
        String name = String.valueOf(file.getFileName());
        return new ExportProgress() {
            @Override
            public void phase(Phase phase) {
                show(switch (phase) {
                    case TRACE -> "exporting " + what + ": tracing";
                    case CORE_PASSES -> "exporting " + what + ": graph passes";
                    case LOWERING -> "exporting " + what + ": lowering to ONNX";
                    case ONNX_PASSES -> "exporting " + what + ": ONNX passes";
                    case ASSEMBLY -> "exporting " + what + ": assembling the model";
                    case SERIALIZATION -> "writing " + name;
                    case CHECK -> "opening " + name + " in the runtime";
                    case VERIFY -> "verifying " + name;
                });
            }

            @Override
            public void bytes(long done, long total) { Progress.this.bytes(done, total); }
        };
    }

    private void redraw() {
        long now = clock.getAsLong();
        if (now - start < SHOW_AFTER) return;
        if (drawnOnce && now - lastDraw < REDRAW) return;
        String line = line(now);
        if (line.equals(drawn)) return;
        err.print("\r" + line + " ".repeat(Math.max(0, drawn.length() - line.length())));
        err.flush();
        drawn = line;
        drawnOnce = true;
        lastDraw = now;
    }

    private void erase() {
        if (drawn.isEmpty()) return;
        err.print("\r" + " ".repeat(drawn.length()) + "\r");
        err.flush();
        drawn = "";
    }

    /** The line for now: the message, then the bar or the seconds, within the width. */
    String line(long now) {
        String tail;
        if (total > 0) {
            long d = Math.min(Math.max(done, 0), total);
            int filled = (int) (d * BAR / total);
            tail = " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%3d%%", d * 100 / total)
                    + "  " + amount(d, total);
        } else {
            tail = "  " + (now - start) / 1_000_000_000L + " s";
        }
        String m = message.replaceAll("\\p{Cntrl}", "?");
        int room = Math.max(10, width - 1 - tail.length());
        if (m.length() > room) m = m.substring(0, room - 3) + "...";
        return m + tail;
    }

    /** {@code 312/652 MB}: the unit follows the total (bytes, kB, MB, or GB with one decimal from 10 GB). */
    static String amount(long done, long total) {
        if (total < 10_000) return done + "/" + total + " B";
        if (total < 10_000_000) return done / 1000 + "/" + total / 1000 + " kB";
        if (total < 10_000_000_000L) return done / 1_000_000 + "/" + total / 1_000_000 + " MB";
        return String.format("%.1f/%.1f GB", done / 1e9, total / 1e9);
    }

    private void tickForever() {
        while (true) {
            try {
                Thread.sleep(REDRAW_MS);
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    /** The terminal's width from {@code COLUMNS} when the shell exports it, else 80. */
    private static int columns() {
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 80 : Integer.parseInt(c.trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /**
     * Whether stderr is a terminal. {@link System#console()} answers for stdin and stdout (and from JDK 22 exists when
     * they are redirected too, with {@code isTerminal()} telling, called by reflection since the code targets 17); on
     * Linux the link {@code /proc/self/fd/2} then says where stderr goes (a terminal is {@code /dev/pts/N} or
     * {@code /dev/ttyN}), so that {@code 2> log} gets no carriage return. Without {@code /proc}, the console's answer.
     */
    static boolean stderrIsTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            if (!Boolean.TRUE.equals(isTerminal.invoke(c))) return false;
        } catch (NoSuchMethodException e) {
            // JDK 17 to 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }
}
