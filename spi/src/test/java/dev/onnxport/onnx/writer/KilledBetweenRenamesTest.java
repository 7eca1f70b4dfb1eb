package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import dev.onnxport.testing.ChildJvm;
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
 * Issue 17, defect 7: a writer stopped between the two renames (its new data file in place, its model not) never
 * pairs the old model with new data. Stopped as by SIGKILL, the old model and its data file stay as they were and
 * agree; the new data file, which no model refers to, and the model's temporary file are left, and the next write to
 * the target removes them. Stopped by SIGTERM, the shutdown hook removes them at once.
 */
class KilledBetweenRenamesTest {
    @TempDir Path dir;
    @TempDir Path logs;

    private static final WriterOptions EXTERNAL = WriterOptions.of(17).withExternalData(true);

    @Test
    void killedBetweenTheRenamesTheOldPairStaysAndTheNextWriteCleansUp() throws Exception {
        Path model = dir.resolve("m.onnx");
        Pair old = writeAndRead(model, 300);
        String log = stop(model, "halt", 137);
        List<String> between = log.lines().filter(l -> l.startsWith("between ")).map(l -> l.substring(8)).toList();
        assertEquals(4, between.size(), "old model and data, new data, new model's temporary file: " + between);
        Path newData = dir.resolve(between.stream().filter(n -> n.endsWith(".data") && !n.equals(old.data.getFileName().toString()))
                .findFirst().orElseThrow());

        old.assertUnchanged();
        assertTrue(Files.exists(newData), "SIGKILL runs no cleanup: the new data file stays, referred to by no model");
        assertEquals(4, listing().size(), listing().toString());

        Pair next = writeAndRead(model, 500);
        assertEquals(List.of(model, next.data), listing(), "the next write removes the killed writer's files and the old data");
    }

    @Test
    void sigtermBetweenTheRenamesRemovesTheNewFilesAndExits143() throws Exception {
        Path model = dir.resolve("m.onnx");
        Pair old = writeAndRead(model, 300);
        String log = stop(model, "term", 143);
        assertEquals(4, log.lines().filter(l -> l.startsWith("between ")).count(), log);
        old.assertUnchanged();
        assertEquals(List.of(model, old.data), listing(), "the hook removed the new data file and the model's temporary file");
    }

    /** Runs the child to the point between the renames and stops it {@code how}; its output. */
    private String stop(Path model, String how, int exit) throws IOException, InterruptedException {
        Path log = logs.resolve(how + ".log");
        Process p = ChildJvm.start(StopBetweenRenames.class, List.of(), List.of(OnnxWriter.class, Message.class, Logger.class),
                List.of(), log, model.toString(), how, "400");
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not stop");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(exit, p.exitValue(), out);
        assertFalse(out.contains("written"), out);
        return out;
    }

    /** A model and the data file it refers to, as written. */
    private record Pair(Path model, byte[] modelBytes, Path data, byte[] dataBytes) {
        void assertUnchanged() throws IOException {
            assertArrayEquals(modelBytes, Files.readAllBytes(model), "the old model");
            assertArrayEquals(dataBytes, Files.readAllBytes(data), "the old model's data file");
            try (OnnxModel m = OnnxModelReader.read(model)) {
                assertEquals(List.of(), StructuralChecker.check(m.proto(), m.modelDir()), "the old pair agrees");
            }
        }
    }

    private Pair writeAndRead(Path model, int hidden) throws IOException {
        OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(hidden), EXTERNAL), EXTERNAL, model);
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(model));
        Path data = dir.resolve(m.getGraph().getInitializer(0).getExternalData(0).getValue());
        return new Pair(model, Files.readAllBytes(model), data, Files.readAllBytes(data));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
