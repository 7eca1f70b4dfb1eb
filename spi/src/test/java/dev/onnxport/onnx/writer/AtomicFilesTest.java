package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The writer's own failure path, without relying on permissions (the tests run as root in CI, who may write into
     * read-only folders): the target's parent is a regular file, so no temporary file can be made beside it.
     */
    @Test
    void parentThatIsAFileFailsWithoutTouchingIt() throws IOException {
        Path blocker = dir.resolve("not-a-folder");
        Files.write(blocker, new byte[] {7});
        Path target = blocker.resolve("model.onnx");
        WriterOptions o = WriterOptions.of(17);
        OnnxExporterError e = assertThrows(OnnxExporterError.class,
                () -> OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(2), o), o, target));
        assertTrue(e.getMessage().contains("could not write"), e.getMessage());
        assertTrue(e.getMessage().contains(target.toString()), "the message names the target: " + e.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(blocker));
        assertEquals(List.of(blocker), files());
    }

    /** The move into place fails (the target is a folder that is not empty): the folder stays and no temporary file is left. */
    @Test
    void targetThatIsAFolderFailsAtCommitAndLeavesNoTemp() throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.onnx"));
        Files.write(target.resolve("keep"), new byte[] {3});
        WriterOptions o = WriterOptions.of(17);
        OnnxExporterError e = assertThrows(OnnxExporterError.class,
                () -> OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(2), o), o, target));
        assertTrue(e.getMessage().contains("could not write"), e.getMessage());
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(target.resolve("keep")));
        assertEquals(List.of(target), files());
    }
}
