package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's catalogue at the command's face: signals. What only a process shows runs the command in JVMs of its own
 * ({@link CliProcess}).
 */
class ReliabilityCliTest {
    @TempDir Path dir;
    @TempDir Path logs;

    private List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    // ---- defect 6: signals -------------------------------------------------------------------------------------

    /**
     * SIGTERM and Ctrl-C (SIGINT) while {@code check} extracts a zip archive: the extraction folder is removed, the
     * exit code is 143 or 130, and nothing like a stack trace is printed.
     */
    @Test
    void aSignalDuringCheckOfAnArchiveRemovesItsExtraction() throws Exception {
        Path zip = dir.resolve("big.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("model.onnx"));  // deflated zeros: a small archive that takes a while to extract
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 768; i++) z.write(zeros);
            z.closeEntry();
        }
        for (String signal : List.of("TERM", "INT")) {
            Path tmp = Files.createDirectories(dir.resolve("tmp-" + signal));
            Process p = CliProcess.start(logs, signal, ChildJvm.DEFAULT_SIGINT, List.of("-Djava.io.tmpdir=" + tmp), "check", zip.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (listing(tmp).isEmpty()) {
                if (!p.isAlive()) fail("check ended before extracting: " + CliProcess.finish(p, logs, signal, 10));
                if (System.nanoTime() > deadline) fail("check did not start extracting within 60 s");
                Thread.sleep(1);
            }
            assertTrue(listing(tmp).get(0).getFileName().toString().startsWith("onnxport-zip-" + p.pid() + "-"), listing(tmp)::toString);
            ChildJvm.signal(p, signal);
            CliProcess.Run r = CliProcess.finish(p, logs, signal, 60);
            assertEquals(signal.equals("TERM") ? 143 : 130, r.code(), r::toString);
            assertEquals(List.of(), listing(tmp), "the extraction folder is removed on SIG" + signal);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
        }
    }

    /** What SIGKILL left in the system's temporary folder (no hook runs) goes when the command next starts. */
    @Test
    void theCommandSweepsWhatKilledRunsLeftWhenItStarts() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path stale = Files.createDirectories(tmp.resolve("onnxport-zip-" + ChildJvm.deadPid() + "-0123456789abcdef"));
        Files.write(stale.resolve("model.onnx"), new byte[1000]);
        Path live = Files.createDirectories(tmp.resolve("onnxport-zip-1-0123456789abcdef"));  // pid 1 lives
        CliProcess.Run r = CliProcess.run(logs, "ops", List.of("-Djava.io.tmpdir=" + tmp), "ops", "--opset", "17");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of(live), listing(tmp));
    }
}
