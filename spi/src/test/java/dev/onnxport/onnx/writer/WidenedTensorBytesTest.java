package dev.onnxport.onnx.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Half;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bfloat16 weight widened to float32 ({@code Tensor.widenedToFloat32}) is written as float32 bytes: the channel's
 * fast path for byte-buffer storage must not hand out its 16-bit bytes.
 */
class WidenedTensorBytesTest {
    @TempDir Path dir;

    private static Tensor widened(int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocateDirect(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * cols; i++) b.putShort(Half.floatToBf16(i * 0.25f - 7));
        return Tensor.wrap(new BufferStorage(DType.BFLOAT16, b.flip().asReadOnlyBuffer()), rows, cols).widenedToFloat32();
    }

    private static byte[] float32Bytes(Tensor t) {
        float[] f = t.floats();
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        return b.array();
    }

    @Test
    void channelAndStreamWriteFloat32Bytes() throws IOException {
        Tensor w = widened(300, 1000);   // 1.2 MB of float32: more than one chunk of the writer's buffer
        Tensor t = w.asStrided(new long[] {1000, 300}, new long[] {1, 1000}, 0);
        for (Tensor x : new Tensor[] {w, t}) {
            Path f = dir.resolve("data.bin");
            try (java.io.OutputStream out = Files.newOutputStream(f)) {
                TensorBytes.stream(x, out, new byte[TensorBytes.CHUNK]);
            }
            assertArrayEquals(float32Bytes(x), Files.readAllBytes(f), "through the channel sink");
            assertArrayEquals(float32Bytes(x), TensorBytes.embedded("w", x).getRawData().toByteArray(), "embedded");
        }
    }
}
