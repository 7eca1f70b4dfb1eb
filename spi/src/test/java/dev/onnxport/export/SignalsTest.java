package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import dev.onnxport.onnx.reader.HoldArchive;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.testing.ChildJvm;
import dev.onnxport.testing.ServiceDeclarations;
import dev.onnxport.util.Temporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Issue 17, defect 6: SIGTERM and SIGINT (Ctrl-C) remove the temporaries of the JVM they stop, through
 * {@link Temporaries}' shutdown hook, and the exit code says which signal it was (143, 130); what SIGKILL leaves
 * (no hook runs) is swept by the next run. Each case runs a real JVM and signals it at a point it reports.
 */
class SignalsTest {
    @TempDir Path dir;
    @TempDir Path logs;

    /** SIGTERM while a 400 MB export with external data is being written: exit 143, the old model alone, as it was. */
    @Test
    void sigtermMidExportRemovesItsTemporariesAndExits143() throws Exception {
        Path model = dir.resolve("model.onnx");
        byte[] old = "the model that was here before".getBytes();
        Files.write(model, old);
        Path fakeModes = ServiceDeclarations.rootOf(LargeExport.class).resolve("../../src/test/fake-modes").normalize();
        Path log = logs.resolve("export.log");
        Process p = ChildJvm.start(LargeExport.class, List.of("-Xmx1500m"),
                List.of(OnnxExport.class, Message.class, Logger.class), List.of(fakeModes), log, model.toString(), "400");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (listing(dir).stream().noneMatch(f -> f.getFileName().toString().contains(".data.onnxport-tmp-") && size(f) > (16 << 20))) {
                if (!p.isAlive()) fail("the export ended before the signal:\n" + Files.readString(log));
                if (System.nanoTime() > deadline) fail("the export did not start writing within 20 s:\n" + Files.readString(log));
                Thread.sleep(2);
            }
            ChildJvm.signal(p, "TERM");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM did not stop on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue(), () -> "exit code after SIGTERM; log:\n" + read(log));
        assertFalse(read(log).contains("exported"), "stopped before it finished");
        assertEquals(List.of(model), listing(dir), "no temporary file and no data file left");
        assertArrayEquals(old, Files.readAllBytes(model));
    }

    /** Ctrl-C (SIGINT) while a zip archive is open, extracted to the system's temporary folder: exit 130, folder gone. */
    @Test
    void sigintWhileAnArchiveIsOpenRemovesItsExtractionAndExits130() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path zip = archive();
        Path log = logs.resolve("hold.log");
        Process p = ChildJvm.start(ChildJvm.DEFAULT_SIGINT, HoldArchive.class, List.of("-Djava.io.tmpdir=" + tmp),
                List.of(OnnxExport.class, Message.class, Logger.class), List.of(), log, zip.toString());
        try {
            Path extracted = awaitOpen(p, log);
            assertEquals(tmp, extracted.getParent());
            assertTrue(extracted.getFileName().toString().startsWith("onnxport-zip-" + p.pid() + "-"), extracted.toString());
            assertTrue(Files.isRegularFile(extracted.resolve("model.onnx")));
            ChildJvm.signal(p, "INT");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM did not stop on SIGINT");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(130, p.exitValue(), () -> "exit code after SIGINT; log:\n" + read(log));
        assertEquals(List.of(), listing(tmp), "the extraction folder is removed");
    }

    /** SIGKILL runs no hook: the extraction stays, and the next sweep (as the command runs at start) removes it. */
    @Test
    void whatSigkillLeavesIsSweptByTheNextRun() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path zip = archive();
        Path log = logs.resolve("hold.log");
        Process p = ChildJvm.start(HoldArchive.class, List.of("-Djava.io.tmpdir=" + tmp),
                List.of(OnnxExport.class, Message.class, Logger.class), List.of(), log, zip.toString());
        Path extracted;
        try {
            extracted = awaitOpen(p, log);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertEquals(List.of(extracted), listing(tmp), "SIGKILL leaves the extraction");
        assertEquals(1, Temporaries.sweep(tmp));
        assertEquals(List.of(), listing(tmp));
    }

    private Path archive() {
        Path zip = dir.resolve("model.zip");
        OnnxExport.export(new TestOps.Net(300), OnnxExportTest.args(), zip,
                ExportOptions.builder().format(ExportFormat.ZIP_ARCHIVE).build());
        return zip;
    }

    /** Waits for the child's {@code open FOLDER} line; the folder. */
    private static Path awaitOpen(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String out = read(log);
            int at = out.indexOf("open ");
            if (at >= 0 && out.indexOf('\n', at) > 0) return Path.of(out.substring(at + 5, out.indexOf('\n', at)));
            if (!p.isAlive()) fail("the reader ended early:\n" + out);
            if (System.nanoTime() > deadline) fail("the reader did not open the archive within 30 s:\n" + out);
            Thread.sleep(5);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }

    private static List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
