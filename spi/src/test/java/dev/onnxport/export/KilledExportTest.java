package dev.onnxport.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.testing.ChildJvm;
import dev.onnxport.testing.ServiceDeclarations;
import dev.onnxport.util.AtomicFile;
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
 * Issue 8's kill test: a child JVM exporting 400 MB with external data is killed (SIGKILL) while it writes.
 * The model already at the target keeps its bytes, no data file appears beside it, the temporary files the
 * killed JVM could not remove are there (the model's, still empty, and the data file's), and the next export to the
 * same target sweeps them away.
 */
class KilledExportTest {
    @TempDir Path dir;
    @TempDir Path logs;

    private static final int MB = 400;
    /** Killed once its data file has this many bytes, well before the 400 MB are complete. */
    private static final long KILL_AT = 32L << 20;

    @Test
    void aKilledExportLeavesTheOldModelAndNoPartialFile() throws Exception {
        Path model = dir.resolve("model.onnx");
        byte[] old = "the model that was here before".getBytes();
        Files.write(model, old);
        Path fakeModes = ServiceDeclarations.rootOf(LargeExport.class).resolve("../../src/test/fake-modes").normalize();
        assertTrue(Files.isDirectory(fakeModes), fakeModes.toString());

        Process p = ChildJvm.start(LargeExport.class, List.of("-Xmx1500m"),
                List.of(OnnxExport.class, Message.class, Logger.class), List.of(fakeModes), logs.resolve("child.log"),
                model.toString(), String.valueOf(MB));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path temp = null;
        try {
            while (temp == null) {
                if (!p.isAlive()) fail("the export ended before it could be killed:\n" + Files.readString(logs.resolve("child.log")));
                if (System.nanoTime() > deadline) fail("the export did not start writing within 20 s:\n" + Files.readString(logs.resolve("child.log")));
                temp = dataTemporaries().stream().filter(t -> size(t) >= KILL_AT).findFirst().orElse(null);
                Thread.sleep(2);
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
        assertFalse(Files.readString(logs.resolve("child.log")).contains("exported"), "killed before it finished");
        assertArrayEquals(old, Files.readAllBytes(model), "the model at the target is unchanged");
        assertTrue(Files.exists(temp), "SIGKILL runs no cleanup: the temporary file stays until the next write");
        long partial = size(temp);
        assertTrue(partial >= KILL_AT && partial <= (long) MB << 20, "killed mid-export, at " + partial + " bytes");
        assertEquals(List.of(model), listing().stream().filter(f -> !f.getFileName().toString().contains(AtomicFile.TEMP_MARK)).toList(),
                "no data file beside the model");
        assertEquals(1, listing().stream().filter(f -> f.getFileName().toString().startsWith(AtomicFile.prefix(model))).count(),
                "the model's own temporary file, made before the data file");

        // The next export to the same target removes what the killed one left (its weights are small, so it
        // writes no data file, yet sweeps the data file's temporaries too).
        OnnxExport.export(new TestOps.Net(3), OnnxExportTest.args(), model, ExportOptions.builder().externalData(true).build());
        assertEquals(List.of(model), listing());
        try (OnnxModel m = OnnxModelReader.read(model)) {
            assertEquals(2, m.proto().getGraph().getInitializerCount());
        }
    }

    /** The temporary files of data files {@code .model.onnx.ID.data.onnxport-tmp-PID-ID}. */
    private List<Path> dataTemporaries() throws IOException {
        return listing().stream().filter(f -> f.getFileName().toString().matches("\\.model\\.onnx\\.[0-9a-f]{16}\\.data"
                + "\\.onnxport-tmp-\\d+-[0-9a-f]{16}")).toList();
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
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
