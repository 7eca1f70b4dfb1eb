package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The bit test counts what {@code Double.isFinite} over every element counts, on every storage and dtype. */
class NonFiniteTest {
    private static final double[] VALUES = {0, -0.0, 1.5, -2, Double.NaN, Float.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1e-40, 65504, 70000, 3.4e38, 1e300, Double.NaN};

    private static long slow(Tensor t) {
        long n = 0;
        for (long i = 0; i < t.numel(); i++) if (!Double.isFinite(t.getDoubleFlat(i))) n++;
        return n;
    }

    @Test
    void heapTensorsOfEveryFloatingDtype() {
        Tensor d = Tensor.of(VALUES, VALUES.length);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16}) {
            Tensor t = d.to(dt);
            assertEquals(slow(t), NonFinite.count(t), dt.toString());
        }
        assertEquals(4, NonFinite.count(d));
        assertEquals(8, NonFinite.count(d.to(DType.FLOAT16)), "70000 and larger overflow float16");
    }

    @Test
    void bufferTensorsAtAnOffsetAndStridedViews() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16}) {
            Tensor heap = Tensor.of(VALUES, VALUES.length).to(dt);
            int es = dt.byteSize();
            ByteBuffer b = ByteBuffer.allocateDirect(VALUES.length * es).order(ByteOrder.LITTLE_ENDIAN);
            heap.copyBytesTo(0, VALUES.length, b);
            Tensor mapped = Tensor.wrap(new BufferStorage(dt, b.flip()), VALUES.length);
            assertEquals(slow(heap), NonFinite.count(mapped), dt.toString());
            Tensor tail = mapped.asStrided(new long[] {VALUES.length - 5}, new long[] {1}, 5);
            assertEquals(slow(tail), NonFinite.count(tail), dt + " at offset 5");
            Tensor everyOther = mapped.asStrided(new long[] {VALUES.length / 2}, new long[] {2}, 0);
            assertEquals(slow(everyOther), NonFinite.count(everyOther), dt + " strided");
        }
    }
}
