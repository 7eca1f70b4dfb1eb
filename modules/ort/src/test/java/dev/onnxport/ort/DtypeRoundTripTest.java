package dev.onnxport.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every dtype goes into ONNX Runtime and comes back bit for bit through an Identity model. */
class DtypeRoundTripTest {
    @TempDir static Path dir;
    static OrtRuntimeVerifier ort;

    @BeforeAll
    static void open() { ort = new OrtRuntimeVerifier(2); }

    @AfterAll
    static void close() { ort.close(); }

    /** Six elements with each type's edge values (extremes, signs, NaN, infinities, subnormals). */
    private static Tensor sample(DType dtype) {
        Tensor t = Tensor.zeros(dtype, 2, 3);
        Object a = ((HeapStorage) t.storage()).array();
        switch (dtype) {
            case FLOAT32 -> System.arraycopy(new float[] {1.5f, -0f, Float.NaN, Float.NEGATIVE_INFINITY,
                    Float.MIN_VALUE, Float.MAX_VALUE}, 0, a, 0, 6);
            case FLOAT64 -> System.arraycopy(new double[] {1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.MIN_VALUE, -Double.MAX_VALUE}, 0, a, 0, 6);
            // float16: 1.0, -2.0, NaN, +inf, smallest subnormal, largest finite; bfloat16 likewise
            case FLOAT16 -> System.arraycopy(new short[] {0x3c00, (short) 0xc000, 0x7e00, 0x7c00, 0x0001, 0x7bff}, 0, a, 0, 6);
            case BFLOAT16 -> System.arraycopy(new short[] {0x3f80, (short) 0xc000, 0x7fc0, (short) 0xff80, 0x0001, 0x7f7f}, 0, a, 0, 6);
            case INT64 -> System.arraycopy(new long[] {Long.MIN_VALUE, -1, 0, 1, 1L << 40, Long.MAX_VALUE}, 0, a, 0, 6);
            case INT32 -> System.arraycopy(new int[] {Integer.MIN_VALUE, -1, 0, 1, 1 << 20, Integer.MAX_VALUE}, 0, a, 0, 6);
            case INT16 -> System.arraycopy(new short[] {Short.MIN_VALUE, -1, 0, 1, 300, Short.MAX_VALUE}, 0, a, 0, 6);
            case INT8, UINT8 -> System.arraycopy(new byte[] {-128, -1, 0, 1, 100, 127}, 0, a, 0, 6);
            case BOOL -> System.arraycopy(new byte[] {1, 0, 0, 1, 1, 0}, 0, a, 0, 6);
        }
        return t;
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.numel() * t.dtype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        Tensor c = t.contiguous();
        c.storage().copyBytesTo(c.offset(), c.numel(), b);
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTrips(DType dtype) {
        Path model = TestModels.write(dir, "identity_" + dtype + ".onnx", TestModels.identity(dtype, 2L, 3L));
        Tensor in = sample(dtype);
        Tensor out = ort.run(model, Map.of("x", in)).get("y");
        assertEquals(dtype, out.dtype());
        assertArrayEquals(new long[] {2, 3}, out.shape());
        assertArrayEquals(bytes(in), bytes(out), dtype + " bits changed");
        VerificationService compare = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise());
        assertTrue(compare.compare(model, Map.of("x", in), List.of(in)).passed());
    }

    @Test
    void scalarsAndEmptyTensorsRoundTrip() {
        Path scalar = TestModels.write(dir, "scalar.onnx", TestModels.identity(DType.FLOAT64));
        Tensor s = ort.run(scalar, Map.of("x", Tensor.scalar(2.25, DType.FLOAT64))).get("y");
        assertEquals(0, s.dim());
        assertEquals(2.25, s.item());

        Path empty = TestModels.write(dir, "empty.onnx", TestModels.identity(DType.INT32, "n", 3L));
        Tensor e = ort.run(empty, Map.of("x", Tensor.zeros(DType.INT32, 0, 3))).get("y");
        assertArrayEquals(new long[] {0, 3}, e.shape());
        assertEquals(DType.INT32, e.dtype());
    }
}
