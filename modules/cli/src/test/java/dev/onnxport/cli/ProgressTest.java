package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The progress line's rules with a fake clock and a fake terminal flag: nothing here waits. */
class ProgressTest {
    private static final long MS = 1_000_000;
    private static final long MB = 1_000_000;

    private final StringWriter out = new StringWriter();
    private long now = 5_000 * MS;   // any origin: only differences count

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(out), terminal, () -> now, 80);
    }

    private int draws() { return (int) out.toString().chars().filter(c -> c == '\r').count(); }

    @Test
    void aPhaseUnderASecondDrawsNothing() {
        Progress p = progress(true);
        p.show("writing model.onnx");
        p.bytes(0, 652 * MB);
        now += 500 * MS;
        p.bytes(300 * MB, 652 * MB);
        p.tick();
        now += 499 * MS;
        p.tick();
        p.clear();
        assertEquals("", out.toString());
    }

    @Test
    void aPhaseOverASecondShowsABarWithPercentageAndBytes() {
        Progress p = progress(true);
        p.show("writing model.onnx");
        p.bytes(0, 652 * MB);
        now += 1_000 * MS;
        p.bytes(312 * MB, 652 * MB);
        assertEquals("\rwriting model.onnx [#########...........]  47%  312/652 MB", out.toString());
        now += 100 * MS;
        p.bytes(652 * MB, 652 * MB);
        assertTrue(out.toString().endsWith("\rwriting model.onnx [####################] 100%  652/652 MB"), out.toString());
        p.clear();
        String line = "writing model.onnx [####################] 100%  652/652 MB";
        assertTrue(out.toString().endsWith("\r" + " ".repeat(line.length()) + "\r"), "cleared: " + out);
    }

    @Test
    void neverRedrawsMoreOftenThanTenTimesASecond() {
        Progress p = progress(true);
        p.show("writing big.onnx");
        now += 1_000 * MS;
        // a count every millisecond for two seconds, and the redrawing thread's ticks every 100 ms
        for (int i = 0; i <= 2_000; i++) {
            p.bytes(i * 6 * MB, 12_006 * MB);
            if (i % 100 == 0) p.tick();
            now += MS;
        }
        assertTrue(draws() <= 21, draws() + " draws in 2 s");
        assertTrue(draws() >= 19, "still about ten a second: " + draws());
    }

    @Test
    void aPhaseWithoutBytesShowsItsSeconds() {
        Progress p = progress(true);
        p.show("verifying in ONNX Runtime against the eager model ...");
        now += 2_500 * MS;
        p.tick();
        assertEquals("\rverifying in ONNX Runtime against the eager model ...  2 s", out.toString());
        now += 50 * MS;
        p.tick();
        assertEquals(1, draws(), "the same text is not drawn again");
    }

    @Test
    void updateKeepsThePhaseStartAndShowRestartsIt() {
        Progress p = progress(true);
        p.update("[ops 1/300] abs at opset 7");
        now += 900 * MS;
        p.update("[ops 2/300] abs at opset 8");
        now += 200 * MS;
        p.tick();
        assertEquals("\r[ops 2/300] abs at opset 8  1 s", out.toString());
        p.show("checking ...");
        String erased = "\r" + " ".repeat("[ops 2/300] abs at opset 8  1 s".length()) + "\r";
        assertTrue(out.toString().endsWith(erased), "a new phase removes the old line");
        int before = out.toString().length();
        now += 900 * MS;
        p.tick();
        assertEquals(before, out.toString().length(), "the new phase waits its own second");
    }

    @Test
    void notATerminalPrintsNothingAtAll() {
        Progress p = progress(false);
        p.show("writing model.onnx");
        p.bytes(0, 652 * MB);
        now += 5_000 * MS;
        p.bytes(300 * MB, 652 * MB);
        p.update("still writing");
        p.tick();
        p.clear();
        assertEquals("", out.toString());
        assertSame(ExportProgress.NONE, p.exporting("gpt2", Path.of("m.onnx")), "the export counts nothing");
    }

    @Test
    void aCommandWhoseStderrIsAPipeDrawsNothing() {
        // the test JVM's stderr is a pipe to surefire, as in `onnxport export ... 2>log`
        assertFalse(Progress.stderrIsTerminal());
        Progress p = Progress.on(new PrintWriter(out));
        p.show("writing model.onnx");
        p.bytes(1, 2);
        p.tick();
        p.clear();
        Progress.clearCurrent();
        assertEquals("", out.toString());
    }

    @Test
    void theExportListenerNamesPhasesAndFeedsTheBar() {
        Progress p = progress(true);
        ExportProgress l = p.exporting("gpt2-tiny", Path.of("out", "gpt2.onnx"));
        l.phase(ExportProgress.Phase.TRACE);
        now += 1_200 * MS;
        p.tick();
        assertEquals("\rexporting gpt2-tiny: tracing  1 s", out.toString());
        l.phase(ExportProgress.Phase.SERIALIZATION);
        l.bytes(0, 20 * MB);
        now += 1_000 * MS;
        l.bytes(10 * MB, 20 * MB);
        assertTrue(out.toString().endsWith("\rwriting gpt2.onnx [##########..........]  50%  10/20 MB"), out.toString());
    }

    @Test
    void linesStayWithinTheWidthAndHoldNoControlCharacters() {
        Progress p = progress(true);
        p.show("writing " + "x".repeat(200) + "\u001b[2J.onnx");
        now += 1_000 * MS;
        p.bytes(1, 3);
        String line = out.toString().substring(1);
        assertTrue(line.length() <= 79, line.length() + ": " + line);
        assertTrue(line.endsWith("... [######..............]  33%  1/3 B"), line);
        assertFalse(line.chars().anyMatch(Character::isISOControl), line);
    }

    @Test
    void amountsFollowTheTotal() {
        assertEquals("1/3 B", Progress.amount(1, 3));
        assertEquals("1/9999 B", Progress.amount(1, 9_999));
        assertEquals("5/312 kB", Progress.amount(5_999, 312_400));
        assertEquals("312/652 MB", Progress.amount(312_400_000L, 652_900_000L));
        assertEquals("3.1/13.0 GB", Progress.amount(3_100_000_000L, 13_000_000_000L));
    }
}
