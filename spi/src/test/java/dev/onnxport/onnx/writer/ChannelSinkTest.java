package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.MappedTensors;
import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
