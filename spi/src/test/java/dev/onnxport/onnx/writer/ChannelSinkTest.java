package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.FileOrigin;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.MappedTensors;
import dev.onnxport.util.AtomicFile;
import dev.onnxport.util.MappedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink over an {@link AtomicFile}: tensors larger than a slice, and its early forces, give the same bytes. */
class ChannelSinkTest {
    @TempDir Path dir;

    @Test
    void slicedBufferTensorsAndHeapTensorsWriteTheirBytesInOrder() throws IOException {
        int n = (int) (AtomicFile.SYNC_BEHIND_BYTES / Float.BYTES) + 3 * ChannelSink.SLICE / Float.BYTES + 17;
        float[] values = new float[n + 2];
        for (int i = 0; i < values.length; i++) values[i] = (i + 3) * 0.5f;
        // a view at an offset into the buffer (as a tensor of a checkpoint is), larger than several slices
        Tensor mapped = MappedTensors.floats(values, 3).asStrided(new long[] {n}, new long[] {1}, 3);
        Tensor heap = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor transposed = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).asStrided(new long[] {3, 2}, new long[] {1, 3}, 0);
        Path out = dir.resolve("t.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            ChannelSink sink = new ChannelSink(f);
            sink.write(new byte[] {9, 8});
            sink.writeTensor(mapped);
            sink.writeTensor(heap);
            sink.write(7);
            sink.writeTensor(transposed);
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(2 + (n + 3 + 6) * Float.BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 9).put((byte) 8);
        for (int i = 0; i < n; i++) want.putFloat((i + 3) * 0.5f);
        want.putFloat(1).putFloat(2).putFloat(3).put((byte) 7);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) want.putFloat(v);
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** w[i][j] = i * cols + j as float32 in a direct buffer, {@code skip} floats into it (as a checkpoint's tensor). */
    private static Tensor mappedMatrix(int rows, int cols, int skip) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = i;
        return MappedTensors.floats(w, skip).asStrided(new long[] {rows, cols}, new long[] {cols, 1}, skip);
    }

    /** The transposed view of a contiguous matrix (as constant folding leaves a Linear weight). */
    private static Tensor transposed(Tensor w) {
        return w.asStrided(new long[] {w.size(1), w.size(0)}, new long[] {1, w.size(1)}, w.offset());
    }

    /**
     * Transposed views larger than one gathered chunk (several chunks, the double buffer, a last partial chunk, row
     * blocks that do not divide the rows), mapped and on the heap, each after bytes that leave the copy buffer part
     * full: the bytes are the row-major transpose.
     */
    @Test
    void transposedTensorsOfSeveralChunksWriteTheirTranspose() throws IOException {
        int rows = 5000, cols = 701;   // the view: 701 rows of 5000, 20 KB each: 419 rows a chunk, two chunks
        Tensor mapped = transposed(mappedMatrix(rows, cols, 5));
        float[] heapValues = new float[3 * 1_000_000];
        for (int i = 0; i < heapValues.length; i++) heapValues[i] = -i;
        Tensor heap = transposed(Tensor.of(heapValues, 1_000_000, 3));   // 3 rows of a million: 64-row minimum, one chunk
        Path out = dir.resolve("t.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            ChannelSink sink = new ChannelSink(f);
            sink.write(new byte[] {1, 2, 3});
            sink.writeTensor(mapped);
            sink.write(4);
            sink.writeTensor(heap);
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(4 + (rows * cols + heapValues.length) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 1).put((byte) 2).put((byte) 3);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) want.putFloat(i * cols + j);
        want.put((byte) 4);
        for (int j = 0; j < 3; j++) for (int i = 0; i < 1_000_000; i++) want.putFloat(-(i * 3 + j));
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** A 1-d tensor of more than one chunk, and rows too long to gather 64 at once, go out in element ranges. */
    @Test
    void longRowsGoOutInElementRanges() throws IOException {
        int n = (int) (ChannelSink.MAX_GATHER_BYTES / ChannelSink.MIN_ROWS / Float.BYTES) + 1001;   // one row: too long
        float[] v = new float[2 * n];
        for (int i = 0; i < v.length; i++) v[i] = i % 9973 - 17;
        Tensor rows = Tensor.of(v, 2, n);
        Tensor oneD = Tensor.of(v, 2L * n);
        Path out = dir.resolve("long.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            ChannelSink sink = new ChannelSink(f);
            sink.write(5);
            sink.writeTensor(rows);
            sink.writeTensor(transposed(rows));   // [n, 2]: short rows, n of them
            sink.writeTensor(oneD);
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(1 + 3 * v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 5);
        for (float x : v) want.putFloat(x);
        for (int j = 0; j < n; j++) want.putFloat(v[j]).putFloat(v[n + j]);
        for (float x : v) want.putFloat(x);
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** A write that fails while chunks are in flight fails the call (it does not hang or write on). */
    @Test
    void aFailedChunkWriteFailsTheTensor() throws IOException {
        Tensor big = transposed(mappedMatrix(5000, 701, 0));
        Path out = dir.resolve("closed.bin");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            ChannelSink sink = new ChannelSink(ch);
            ch.close();
            org.junit.jupiter.api.Assertions.assertThrows(java.nio.channels.ClosedChannelException.class,
                    () -> sink.writeTensor(big));
        }
    }

    /**
     * Around the page cache: bytes that leave the stages unaligned, a mapped tensor larger than a stage, a transposed
     * view in whole rows, one whose rows are too long for that (element ranges), heap tensors, and a flush in the
     * middle (its padded last block is written again by what follows). The same bytes, each counted once.
     */
    @Test
    void theDirectSinkWritesTheSameBytes() throws IOException {
        int n = ChannelSink.STAGE / Float.BYTES + 1001;
        float[] values = new float[n + 3];
        for (int i = 0; i < values.length; i++) values[i] = (i + 3) * 0.5f;
        Tensor mapped = MappedTensors.floats(values, 3).asStrided(new long[] {n}, new long[] {1}, 3);
        int rows = 3000, cols = 701;                  // transposed: 701 rows of 3000
        Tensor inRows = transposed(mappedMatrix(rows, cols, 5));
        int longRows = 70_000;                        // transposed: 3 rows of 70,000, 64 of them more than a stage
        Tensor inRanges = transposed(mappedMatrix(longRows, 3, 0));
        Path out = dir.resolve("direct.bin");
        long[] told = {-1};
        long afterFirstFlush;
        try (AtomicFile f = AtomicFile.begin(out)) {
            ByteCounter counter = ByteCounter.start((done, total) -> told[0] = done, 0);
            ChannelSink sink = ChannelSink.over(f, counter, Long.MAX_VALUE);
            Assumptions.assumeTrue(sink.isDirect(), "the temporary folder's file system refuses O_DIRECT");
            sink.write(new byte[] {9, 8, 7});
            sink.writeTensor(mapped);
            sink.writeTensor(inRows);
            sink.write(6);
            sink.writeTensor(inRanges);
            sink.writeTensor(Tensor.of(new float[] {1, 2, 3}, 3));
            sink.flush();
            afterFirstFlush = f.channel().size();
            sink.write(5);
            sink.writeTensor(transposed(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)));
            sink.flush();
            counter.finish();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(3 + 1 + 1 + (n + rows * cols + longRows * 3 + 3 + 6) * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 9).put((byte) 8).put((byte) 7);
        for (int i = 0; i < n; i++) want.putFloat((i + 3) * 0.5f);
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) want.putFloat(i * cols + j);
        want.put((byte) 6);
        for (int j = 0; j < 3; j++) for (int i = 0; i < longRows; i++) want.putFloat(i * 3 + j);
        want.putFloat(1).putFloat(2).putFloat(3);
        long firstPart = want.position();
        want.put((byte) 5);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) want.putFloat(v);
        assertEquals(firstPart, afterFirstFlush, "a flush leaves the file at its length, not at the padded block");
        assertArrayEquals(want.array(), Files.readAllBytes(out));
        assertEquals(want.capacity(), told[0], "every byte counted once");
    }

    /** O_DIRECT writes that fail (here: the channel is closed) go through the page cache, with the same bytes. */
    @Test
    void refusedDirectWritesGoThroughThePageCache() throws IOException {
        float[] v = new float[3 * ChannelSink.STAGE / Float.BYTES / 2 + 7];
        for (int i = 0; i < v.length; i++) v[i] = i - 5;
        Path out = dir.resolve("refused.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            AtomicFile.Direct direct = f.openDirect();
            Assumptions.assumeTrue(direct != null, "the temporary folder's file system refuses O_DIRECT");
            direct.channel().close();
            ChannelSink sink = new ChannelSink(f.channel(), f, null, direct);
            sink.write(1);
            sink.writeTensor(Tensor.of(v, v.length));
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(1 + v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 1);
        for (float x : v) want.putFloat(x);
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** A small file, or one on a file system without O_DIRECT, goes through the page cache. */
    @Test
    void aSmallFileIsNotWrittenDirect() throws IOException {
        try (AtomicFile f = AtomicFile.begin(dir.resolve("small.bin"))) {
            org.junit.jupiter.api.Assertions.assertFalse(ChannelSink.over(f, null, ChannelSink.DIRECT_MIN_BYTES - 1).isDirect());
        }
    }

    /** A checkpoint's tensor, whole and as a view at an offset, is copied from where its origin says in the file. */
    @Test
    void aCheckpointTensorIsCopiedFromItsFile() throws IOException {
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.25f - 7;
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, java.util.Map.of("a", Tensor.of(new float[] {1, 2}, 2), "b", Tensor.of(v, v.length)));
        Tensor b = Safetensors.read(weights).get("b");
        FileOrigin origin = ((BufferStorage) b.storage()).origin();
        org.junit.jupiter.api.Assertions.assertNotNull(origin, "a mapped checkpoint tensor knows where its bytes are");
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(weights)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i += 997) assertEquals(v[i], file.getFloat((int) origin.position() + i * Float.BYTES));
        Tensor tail = b.asStrided(new long[] {v.length - 10}, new long[] {1}, 10);
        Path out = dir.resolve("copied.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            ChannelSink sink = new ChannelSink(f);
            sink.write(3);
            sink.writeTensor(b);
            sink.writeTensor(tail);
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(1 + (2 * v.length - 10) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        want.put((byte) 3);
        for (float x : v) want.putFloat(x);
        for (int i = 10; i < v.length; i++) want.putFloat(v[i]);
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** A checkpoint replaced under its name (a new file renamed into place): its mapping, the old file, is written. */
    @Test
    void aCheckpointReplacedUnderItsNameIsWrittenFromItsMapping() throws IOException {
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, java.util.Map.of("b", Tensor.of(new float[] {1, 2, 3, 4}, 4)));
        Tensor b = Safetensors.read(weights).get("b");
        Safetensors.write(weights, java.util.Map.of("b", Tensor.of(new float[] {5, 6, 7, 8}, 4)));
        Path out = dir.resolve("old.bin");
        try (AtomicFile f = AtomicFile.begin(out)) {
            ChannelSink sink = new ChannelSink(f);
            sink.writeTensor(b);
            sink.flush();
            f.commit();
        }
        ByteBuffer want = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        assertArrayEquals(want.array(), Files.readAllBytes(out));
    }

    /** A checkpoint cut short by someone else fails the write as a read of its mapping does (explained by name). */
    @Test
    void aCheckpointCutShortFailsAsItsMappingDoes() throws IOException {
        float[] v = new float[50_000];
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, java.util.Map.of("b", Tensor.of(v, v.length)));
        Tensor b = Safetensors.read(weights).get("b");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(weights, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        try (AtomicFile f = AtomicFile.begin(dir.resolve("cut.bin"))) {
            ChannelSink sink = new ChannelSink(f);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
                sink.writeTensor(b);
                sink.flush();
            });
            org.junit.jupiter.api.Assertions.assertTrue(MappedFiles.isMappingFault(e), e.toString());
        }
    }
}
