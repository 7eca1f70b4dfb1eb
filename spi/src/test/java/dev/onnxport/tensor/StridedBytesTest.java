package dev.onnxport.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.onnxport.testing.MappedTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Tensor.copyBytesTo on strided views: the bytes of the row-major transposed elements, from any chunk boundary. */
class StridedBytesTest {
    /** w[i][j] = 100 i + j, shape [rows, cols]. */
    private static float[] matrix(int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) w[i * cols + j] = 100 * i + j;
        return w;
    }

    /** The transpose written by hand: element (j, i) = 100 i + j. */
    private static float[] transposed(int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) t[j * rows + i] = 100 * i + j;
        return t;
    }

    /** Reads {@code v} in chunks of {@code chunk} elements through copyBytesTo. */
    private static float[] read(Tensor v, int chunk) {
        ByteBuffer b = ByteBuffer.allocate((int) v.numel() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long from = 0; from < v.numel(); from += chunk) v.copyBytesTo(from, Math.min(chunk, v.numel() - from), b);
        b.flip();
        float[] out = new float[(int) v.numel()];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static Tensor transposeView(Tensor w) {
        return w.asStrided(new long[] {w.size(1), w.size(0)}, new long[] {1, w.size(1)}, 0);
    }

    @Test
    void heapTransposeInAnyChunking() {
        // 37 x 21: more rows than one block of 16, and neither a multiple of the tile
        Tensor w = Tensor.of(matrix(37, 21), 37, 21);
        for (int chunk : new int[] {1, 5, 37, 74, 100, 777}) {
            assertArrayEquals(transposed(37, 21), read(transposeView(w), chunk), "chunk " + chunk);
        }
    }

    @Test
    void mappedStyleBufferTranspose() {
        float[] m = matrix(19, 33);
        Tensor w = MappedTensors.floats(m, 0).asStrided(new long[] {19, 33}, new long[] {33, 1}, 0);
        for (int chunk : new int[] {3, 19, 40, 627}) {
            assertArrayEquals(transposed(19, 33), read(transposeView(w), chunk), "chunk " + chunk);
        }
    }

    @Test
    void batchedTransposeOfA3dTensor() {
        // [2, 3, 4] viewed as [2, 4, 3] (swap of the last two dims): blocks must not run across the batch
        float[] d = new float[24];
        for (int i = 0; i < 24; i++) d[i] = i;
        Tensor x = Tensor.of(d, 2, 3, 4);
        Tensor v = x.asStrided(new long[] {2, 4, 3}, new long[] {12, 1, 4}, 0);
        float[] expected = new float[24];
        for (int b = 0, k = 0; b < 2; b++) for (int j = 0; j < 4; j++) for (int i = 0; i < 3; i++) expected[k++] = 12 * b + 4 * i + j;
        assertArrayEquals(expected, read(v, 24));
        assertArrayEquals(expected, read(v, 7));
    }

    @Test
    void mappedTransposeWiderThanOneColumnBlockAtAnOffset() {
        // 2500 x 20 viewed as 20 x 2500: dest rows of 2500 elements (more than one block of 2048 columns), 20 rows
        // (a block of 16 and one of 4), and the matrix 7 elements into its buffer, as a tensor of a checkpoint is
        float[] m = matrix(2500, 20);
        Tensor storage = MappedTensors.floats(m, 7);
        Tensor v = storage.asStrided(new long[] {20, 2500}, new long[] {1, 20}, 7);
        for (int chunk : new int[] {2500, 5000, 7777, 50_000, 333}) {
            assertArrayEquals(transposed(2500, 20), read(v, chunk), "chunk " + chunk);
        }
    }

    @Test
    void floatsOfAMappedTensorAtAnOffset() {
        float[] m = matrix(5, 7);
        Tensor storage = MappedTensors.floats(m, 3);
        assertArrayEquals(m, storage.asStrided(new long[] {5, 7}, new long[] {7, 1}, 3).floats());
        assertArrayEquals(transposed(5, 7), storage.asStrided(new long[] {7, 5}, new long[] {1, 7}, 3).floats(), "not contiguous");
    }
}
