package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.errors.OnnxExporterError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failingWriteLeavesExistingTargetAndNoTemp() throws IOException {
        Path target = dir.resolve("model.onnx");
        Files.write(target, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeFile(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (injected)");
        }));
        assertEquals("disk full (injected)", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void failureOfTheSecondFileRollsBackTheFirst() throws IOException {
        Path data = dir.resolve("model.onnx.data");
        Path model = dir.resolve("model.onnx");
        Files.write(data, new byte[] {9});
        assertThrows(IOException.class, () -> {
            try (AtomicFiles files = new AtomicFiles()) {
                files.write(data, out -> out.write(new byte[] {1, 2}));
                files.write(model, out -> { throw new IOException("injected"); });
                files.commit();
            }
        });
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(data));
        assertEquals(List.of(data), files());
    }

    @Test
    void successfulWriteReplacesTarget() throws IOException {
        Path target = dir.resolve("m.onnx");
        Files.write(target, new byte[] {1});
        AtomicFiles.writeFile(target, out -> out.write(new byte[] {4, 5}));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    /** The writer's own path: an unwritable folder fails cleanly (skipped as root, who may write anywhere). */
    @Test
    void readOnlyFolderFailsWithoutTouchingTarget() throws IOException {
        Path target = dir.resolve("model.onnx");
        Files.write(target, new byte[] {7});
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(dir), "running as a user who can write into read-only folders");
            WriterOptions o = WriterOptions.of(17);
            OnnxExporterError e = assertThrows(OnnxExporterError.class,
                    () -> OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(2), o), o, target));
            assertTrue(e.getMessage().contains("could not write"), e.getMessage());
            assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
            assertEquals(List.of(target), files());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
