package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxWriter.Progress} on models with tensors of several steps: a heap tensor (through the sink's buffer) and a
 * buffer-backed one (handed to the channel in slices), embedded and external.
 */
class WriteProgressTest {
    @TempDir Path dir;

    private static final int HEAP_FLOATS = 3 * (1 << 20);        // 12 MiB
    private static final int BUFFER_BYTES = 10 << 20;             // 10 MiB

    /** matMulAdd with two large initializers more, one on the heap, one over a byte buffer (as a mapped file's). */
    private static AssembledModel model(WriterOptions o) {
        Graph g = WriterFixtures.matMulAdd(300);
        g.addInitializer("big.heap", WriterFixtures.floats(HEAP_FLOATS, 0f));
        ByteBuffer b = ByteBuffer.allocateDirect(BUFFER_BYTES);
        for (int i = 0; i < BUFFER_BYTES; i += 4096) b.put(i, (byte) (i >> 12));
        g.addInitializer("big.buffer", Tensor.wrap(new BufferStorage(DType.FLOAT32, b), BUFFER_BYTES / 4));
        return ModelAssembler.assemble(g, o);
    }

    private static final class Counts implements OnnxWriter.Progress {
        final List<long[]> calls = new ArrayList<>();

        @Override public void bytes(long done, long total) { calls.add(new long[] {done, total}); }

        /** From 0 to the total in steps of about PROGRESS_STEP; returns the total. */
        long checked() {
            long total = calls.get(0)[1];
            assertEquals(0, calls.get(0)[0]);
            for (int i = 1; i < calls.size(); i++) {
                long step = calls.get(i)[0] - calls.get(i - 1)[0];
                assertEquals(total, calls.get(i)[1]);
                assertTrue(step >= 0 && step <= OnnxWriter.PROGRESS_STEP + 2 * TensorBytes.CHUNK, "step " + step);
            }
            assertEquals(total, calls.get(calls.size() - 1)[0]);
            assertTrue(calls.size() >= total / (OnnxWriter.PROGRESS_STEP + 2 * TensorBytes.CHUNK), calls.size() + " calls");
            return total;
        }
    }

    @Test
    void embeddedModelCountsToItsSize() throws IOException {
        WriterOptions o = WriterOptions.of(17);
        AssembledModel m = model(o);
        Path f = dir.resolve("m.onnx");
        Counts c = new Counts();
        OnnxWriter.write(OnnxWriter.plan(m, o, "m.onnx", false), o.format(), f, null, c);
        assertEquals(Files.size(f), c.checked());
        assertTrue(c.calls.size() >= 5, c.calls.size() + " calls for " + Files.size(f) + " bytes");
        Path g = dir.resolve("g.onnx");
        OnnxWriter.write(m, o, g);
        assertArrayEquals(Files.readAllBytes(g), Files.readAllBytes(f), "counting changes no byte");
    }

    @Test
    void externalDataCountsModelAndDataFile() throws IOException {
        WriterOptions o = WriterOptions.of(17).withExternalData(true);
        Path f = dir.resolve("m.onnx");
        Counts c = new Counts();
        OnnxWriter.Written[] seen = new OnnxWriter.Written[1];
        long[] toldBefore = new long[1];
        OnnxWriter.write(OnnxWriter.plan(model(o), o, "m.onnx", false), o.format(), f, (file, sizes) -> {
            seen[0] = sizes;
            toldBefore[0] = c.calls.get(c.calls.size() - 1)[0];
        }, c);
        long total = c.checked();
        assertEquals(seen[0].bytes(), total);
        assertEquals(total, toldBefore[0], "the last count comes before the caller's check");
        assertEquals(Files.size(f) + Files.size(f.resolveSibling(seen[0].dataFile())), total);
    }

    @Test
    void streamsAndArchivesCountTheirContents() throws IOException {
        WriterOptions o = WriterOptions.of(17);
        AssembledModel m = model(o);
        OnnxWriter.Plan plan = OnnxWriter.plan(m, o, OnnxWriter.MODEL_ENTRY, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Counts c = new Counts();
        OnnxWriter.write(plan, ExportFormat.PROTOBUF_FILE, out, c);
        assertEquals(out.size(), c.checked());
        for (ExportFormat fmt : List.of(ExportFormat.ZIP_ARCHIVE, ExportFormat.COMPRESSED_ZIP_ARCHIVE)) {
            WriterOptions z = o.withExternalData(true).withFormat(fmt);
            OnnxWriter.Plan p = OnnxWriter.plan(model(z), z, OnnxWriter.MODEL_ENTRY, false);
            long contents = p.modelBytes() + p.externalData().fileSize();
            Counts a = new Counts();
            OnnxWriter.write(p, fmt, dir.resolve(fmt + ".zip"), null, a);
            assertEquals(fmt == ExportFormat.ZIP_ARCHIVE ? 2 * contents : contents, a.checked(), fmt.toString());
        }
    }
}
