package dev.onnxport.tensor;

import static dev.onnxport.tensor.DType.BFLOAT16;
import static dev.onnxport.tensor.DType.BOOL;
import static dev.onnxport.tensor.DType.FLOAT16;
import static dev.onnxport.tensor.DType.FLOAT32;
import static dev.onnxport.tensor.DType.FLOAT64;
import static dev.onnxport.tensor.DType.INT16;
import static dev.onnxport.tensor.DType.INT32;
import static dev.onnxport.tensor.DType.INT64;
import static dev.onnxport.tensor.DType.INT8;
import static dev.onnxport.tensor.DType.UINT8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** torch.result_type as PyTorch 1.13 computes it (tensors with dims, then 0-d tensors, then Python scalars). */
class TypePromotionTest {
    /** A tensor with dimensions. */
    private static Tensor t(DType d) { return Tensor.meta(d, 2); }

    /** A 0-d tensor. */
    private static Tensor z(DType d) { return Tensor.meta(d); }

    private static void expect(DType want, Object... operands) {
        assertEquals(want, TypePromotion.resultType(operands), java.util.Arrays.toString(operands));
    }

    @Test
    void tensorsWithDims() {
        expect(INT16, t(UINT8), t(INT8));
        expect(BOOL, t(BOOL), t(BOOL));
        expect(INT32, t(BOOL), t(INT32));
        expect(INT64, t(INT32), t(INT64));
        expect(INT32, t(UINT8), t(INT32));
        expect(FLOAT32, t(FLOAT16), t(BFLOAT16));
        expect(FLOAT16, t(FLOAT16), t(INT64));
        expect(FLOAT64, t(FLOAT32), t(FLOAT64));
        expect(FLOAT32, t(INT64), t(FLOAT32));
        expect(BFLOAT16, t(BFLOAT16), t(UINT8));
    }

    @Test
    void pythonScalars() {
        expect(FLOAT32, t(INT64), 2.5);             // a float scalar meeting integers gives the default dtype
        expect(FLOAT32, t(BOOL), 2.5);
        expect(FLOAT16, t(FLOAT16), 2.5);           // same category: the tensor wins
        expect(FLOAT64, t(FLOAT64), 2.5);
        expect(INT8, t(INT8), 1000L);               // the value is not looked at
        expect(UINT8, t(UINT8), -1L);
        expect(INT64, t(BOOL), 3L);
        expect(INT16, t(INT16), true);
        expect(BOOL, t(BOOL), false);
        expect(INT32, t(INT32), 7);                 // any Java integer is a Python int
        expect(FLOAT32, t(INT32), 1.5f);
    }

    @Test
    void zeroDimTensors() {
        expect(FLOAT32, z(FLOAT64), t(FLOAT32));    // same category: the dimensioned tensor wins
        expect(INT32, t(INT32), z(INT64));
        expect(FLOAT64, t(INT32), z(FLOAT64));      // higher category: the 0-d tensor keeps its own dtype
        expect(FLOAT16, t(INT64), z(FLOAT16));
        expect(UINT8, t(UINT8), z(INT8));
        expect(UINT8, t(BOOL), z(UINT8));
        expect(INT64, t(INT64), z(BOOL));
        expect(INT16, z(UINT8), z(INT8));           // only 0-d tensors: promoted among themselves
        expect(FLOAT32, z(FLOAT16), z(BFLOAT16));
        expect(FLOAT64, z(FLOAT64), z(INT64));
    }

    @Test
    void zeroDimTensorsWithScalars() {
        expect(FLOAT32, z(INT32), 2.5);
        expect(FLOAT64, z(FLOAT64), 2L);
        expect(INT64, z(BOOL), 3L);
        expect(FLOAT16, t(BOOL), z(FLOAT16), 2.5);
        expect(FLOAT64, t(INT32), z(FLOAT64), 2.5);
        expect(FLOAT32, t(INT32), z(INT64), 2.5);
        expect(INT32, t(INT32), z(INT64), 2L);
    }

    @Test
    void nullsAreIgnoredAndSomethingIsNeeded() {
        expect(INT8, null, t(INT8), null);
        assertThrows(IllegalArgumentException.class, () -> TypePromotion.resultType((Object) null));
        assertThrows(IllegalArgumentException.class, () -> TypePromotion.resultType("x", t(INT8)));
    }

    @Test
    void promoteIsSymmetric() {
        for (DType a : DType.values()) {
            for (DType b : DType.values()) assertEquals(TypePromotion.promote(a, b), TypePromotion.promote(b, a), a + " " + b);
        }
    }

    @Test
    void toFloating() {
        assertEquals(FLOAT32, TypePromotion.toFloating(INT64));
        assertEquals(FLOAT32, TypePromotion.toFloating(BOOL));
        assertEquals(FLOAT16, TypePromotion.toFloating(FLOAT16));
        assertEquals(FLOAT64, TypePromotion.toFloating(FLOAT64));
    }
}
