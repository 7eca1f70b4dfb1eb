package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.util.Temporaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model and its external data file written to a path: all or nothing, each write's data file under a name of its
 * own, the old model keeping its data until the new model is in place, data files no model uses removed (except those
 * of writes under way), the writer's own files handed to the caller before the target is replaced, and names within
 * 255 bytes.
 */
class ModelAndDataFilesTest {
    @TempDir Path dir;

    private static final WriterOptions EXTERNAL = WriterOptions.of(17).withExternalData(true);

    @AfterEach
    void noStopHook() { OnnxWriter.BETWEEN_RENAMES = null; }

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void write(int hidden, WriterOptions o, Path target) {
        OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(hidden), o), o, target);
    }

    private static String location(Path model) throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(model)).getGraph().getInitializer(0).getExternalData(0).getValue();
    }

    /** A second write replaces the model, names its data file anew, and removes the first data file. */
    @Test
    void eachWriteHasItsOwnDataFileAndRemovesTheOldOne() throws IOException {
        Path model = dir.resolve("m.onnx");
        write(300, EXTERNAL, model);
        Path first = dir.resolve(location(model));
        assertEquals(List.of(model, first), files());
        write(400, EXTERNAL, model);
        Path second = dir.resolve(location(model));
        assertNotEquals(first, second);
        assertEquals(List.of(model, second), files(), "the first data file is gone, no temporary left");
        assertEquals(3 * 400 * 4 + 4096 - (3 * 400 * 4) % 4096 + 400 * 4, Files.size(second));
        write(2, WriterOptions.of(17), model);
        assertEquals(List.of(model), files(), "a model without external data leaves no data file");
    }

    /** The data file name of versions before unique names, NAME.data, goes once the model no longer uses it. */
    @Test
    void theOldDataFileNameIsRemovedOnceUnused() throws IOException {
        Path model = dir.resolve("m.onnx");
        Path legacy = Files.write(dir.resolve("m.onnx.data"), new byte[] {1});
        write(300, EXTERNAL, model);
        assertEquals(List.of(model, dir.resolve(location(model))), files());
        assertFalse(Files.exists(legacy));
    }

    /**
     * A write that fails between its two renames (the data file in place, the model not yet): the new data file is
     * removed, and the old model and its data file stay as they were.
     */
    @Test
    void aFailureBetweenTheRenamesLeavesTheOldPair() throws IOException {
        Path model = dir.resolve("m.onnx");
        write(300, EXTERNAL, model);
        byte[] oldModel = Files.readAllBytes(model);
        Path oldData = dir.resolve(location(model));
        byte[] oldBytes = Files.readAllBytes(oldData);
        List<Path> placed = new ArrayList<>();
        OnnxWriter.BETWEEN_RENAMES = () -> {
            try (var s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".data") && !p.equals(oldData)).forEach(placed::add);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            throw new IllegalStateException("stopped between the renames (injected)");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> write(400, EXTERNAL, model));
        assertTrue(e.getMessage().contains("injected"));
        assertEquals(1, placed.size(), "the new data file was in place before the model: " + placed);
        assertFalse(Files.exists(placed.get(0)), "and is removed with the failed write");
        assertArrayEquals(oldModel, Files.readAllBytes(model));
        assertArrayEquals(oldBytes, Files.readAllBytes(oldData));
        assertEquals(List.of(model, oldData), files());
    }

    /**
     * The caller sees this write's own files before the target is replaced: the model's temporary file, whose data
     * file is already in place beside it, while the target is still the old model; then the target is replaced.
     */
    @Test
    void beforeReplaceSeesTheWritersOwnFilesWhileTheTargetIsOld() throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.write(model, new byte[] {1, 2, 3});
        WriterOptions o = EXTERNAL;
        AssembledModel m = ModelAssembler.assemble(WriterFixtures.matMulAdd(300), o);
        List<String> seen = new ArrayList<>();
        OnnxWriter.Written w = OnnxWriter.write(OnnxWriter.plan(m, o, "m.onnx", false), ExportFormat.PROTOBUF_FILE, model,
                (file, sizes) -> {
                    try {
                        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(model), "the target is untouched yet");
                        assertNotEquals(model, file);
                        assertEquals(dir, file.getParent());
                        assertTrue(Temporaries.isRegistered(file), "a registered temporary");
                        String data = location(file);
                        assertEquals(sizes.dataFile(), data);
                        assertEquals(sizes.dataBytes(), Files.size(dir.resolve(data)), "the data file is in place");
                        assertEquals(sizes.modelBytes(), Files.size(file));
                        seen.add(data);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
        assertEquals(List.of(w.dataFile()), seen);
        assertEquals(w.dataFile(), location(model), "the model in place is the one the caller saw");
        assertEquals(List.of(model, dir.resolve(w.dataFile())), files());
    }

    /** A caller's check that throws does not keep the export from its target (as a check after the write would). */
    @Test
    void aFailingCheckStillReplacesTheTargetAndThenThrows() throws IOException {
        Path model = dir.resolve("m.onnx");
        WriterOptions o = WriterOptions.of(17);
        AssembledModel m = ModelAssembler.assemble(WriterFixtures.matMulAdd(3), o);
        IllegalStateException boom = new IllegalStateException("check failed (injected)");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxWriter.write(
                OnnxWriter.plan(m, o, "m.onnx", false), ExportFormat.PROTOBUF_FILE, model, (file, sizes) -> { throw boom; }));
        assertSame(boom, e);
        assertEquals(List.of(model), files());
        assertEquals("main_graph", ModelProto.parseFrom(Files.readAllBytes(model)).getGraph().getName());
    }

    /**
     * The data file of a write under way (its model's temporary file with the same id exists and its writer lives)
     * survives another write to the target; once that writer is gone, the next write removes both.
     */
    @Test
    void aPendingDataFileIsKeptUntilItsWriterIsGone() throws IOException, InterruptedException {
        Path model = dir.resolve("m.onnx");
        String id = "0123456789abcdef";
        Path pendingData = Files.write(dir.resolve("m.onnx." + id + ".data"), new byte[] {5});
        Path liveTemp = Files.write(dir.resolve(".m.onnx.onnxport-tmp-1-" + id), new byte[0]);  // pid 1 lives
        write(300, EXTERNAL, model);
        Path mine = dir.resolve(location(model));
        assertEquals(Set.of(model, mine, pendingData, liveTemp), Set.copyOf(files()));

        Files.delete(liveTemp);
        Path deadTemp = Files.write(dir.resolve(".m.onnx.onnxport-tmp-" + dev.onnxport.testing.ChildJvm.deadPid() + "-" + id), new byte[0]);
        write(300, EXTERNAL, model);
        assertEquals(List.of(model, dir.resolve(location(model))), files(), "the dead writer's files are gone: " + deadTemp);
    }

    /** A file that is named like a data file but not one of this model's is never removed. */
    @Test
    void otherFilesStay() throws IOException {
        Path model = dir.resolve("m.onnx");
        List<Path> others = List.of(Files.write(dir.resolve("m.onnx.0123.data"), new byte[] {1}),
                Files.write(dir.resolve("n.onnx.0123456789abcdef.data"), new byte[] {1}),
                Files.write(dir.resolve("m.onnx.0123456789ABCDEF.data"), new byte[] {1}),
                Files.write(dir.resolve("m.onnx.data.bak"), new byte[] {1}));
        write(300, EXTERNAL, model);
        for (Path p : others) assertTrue(Files.exists(p), p.toString());
    }

    /** Legal names up to 255 bytes work with external data: every name made (temporaries too) stays within 255 bytes. */
    @Test
    void namesUpTo255BytesWork() throws IOException {
        for (String name : List.of("a".repeat(250) + ".onnx", "é".repeat(125) + ".onnx", "🚀".repeat(62) + ".onnx")) {
            Path model = dir.resolve(name);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length > 245 && name.getBytes(StandardCharsets.UTF_8).length <= 255);
            List<Integer> lengths = new ArrayList<>();
            AssembledModel m = ModelAssembler.assemble(WriterFixtures.matMulAdd(300), EXTERNAL);
            OnnxWriter.write(OnnxWriter.plan(m, EXTERNAL, name, false), ExportFormat.PROTOBUF_FILE, model, (file, sizes) -> {
                try (var s = Files.list(dir)) {
                    s.forEach(p -> lengths.add(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(lengths.stream().allMatch(n -> n <= 255), lengths.toString());
            Path data = dir.resolve(location(model));
            assertEquals(4096 + 1200, Files.size(data));
            assertTrue(data.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255);
            Files.delete(model);
            Files.delete(data);
        }
        assertEquals(List.of(), files());
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
