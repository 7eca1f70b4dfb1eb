package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
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
        ByteBuffer raw = ByteBuffer.allocateDirect((n + 5) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n + 5; i++) raw.putFloat(i * Float.BYTES, i * 0.5f);
        // a view at an offset into the buffer (as a tensor of a checkpoint is), larger than several slices
        Tensor mapped = Tensor.wrap(new BufferStorage(DType.FLOAT32, raw), n + 5).asStrided(new long[] {n}, new long[] {1}, 3);
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
}
