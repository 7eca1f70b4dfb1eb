package dev.onnxport.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the multi-size verifier that need no model: sizes, generated inputs, tolerances. */
class VerificationUnitsTest {
    @Test
    void otherSizesAreTwoIncludingOneAndNeverTheExampleSize() {
        assertEquals(List.of(1L, 5L), VerificationService.otherSizes(4));
        assertEquals(List.of(1L, 3L), VerificationService.otherSizes(2));
        assertEquals(List.of(2L, 3L), VerificationService.otherSizes(1), "the example already covers 1");
    }

    @Test
    void generatedIntsStayWithinTheExampleRangeAndKeepTheDtype() {
        Tensor ids = Tensor.of(new long[] {3, 7, 5, 4}, 2, 2).to(DType.INT32);
        Tensor g = InputGenerator.like(ids, new long[] {5, 2}, 42);
        assertEquals(DType.INT32, g.dtype());
        assertArrayEquals(new long[] {5, 2}, g.shape());
        long[] v = g.toLongArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= 3 && x <= 7), Arrays.toString(v));
        assertTrue(Arrays.stream(v).distinct().count() > 1, "not constant: " + Arrays.toString(v));
    }

    @Test
    void generatedFloatsAreDeterministicNormalAndKeepTheDtype() {
        Tensor ex = Tensor.of(new float[] {100, 200}, 1, 2);
        Tensor a = InputGenerator.like(ex, new long[] {64, 2}, 7), b = InputGenerator.like(ex, new long[] {64, 2}, 7);
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), "same seed, same tensor");
        assertNotEquals(Arrays.toString(a.toDoubleArray()),
                Arrays.toString(InputGenerator.like(ex, new long[] {64, 2}, 8).toDoubleArray()));
        double mean = Arrays.stream(a.toDoubleArray()).average().orElseThrow();
        assertTrue(Math.abs(mean) < 0.5, "standard normal, not the example's scale: mean " + mean);
        assertEquals(DType.FLOAT16, InputGenerator.like(ex.to(DType.FLOAT16), new long[] {3}, 1).dtype());
    }

    @Test
    void generatedBoolsAreBools() {
        Tensor m = InputGenerator.like(Tensor.of(new boolean[] {true}, 1), new long[] {4}, 3);
        assertEquals(DType.BOOL, m.dtype());
    }

    @Test
    void tolerancesArePerDtypeAndScaleAwareForModelOutputs() {
        TolerancePolicy t = TolerancePolicy.modelOutputs();
        assertEquals(Tolerance.SCALE_AWARE, t.forDtype(DType.FLOAT32));
        for (DType d : DType.values()) assertTrue(t.forDtype(d).scaleAware(), d.toString());
        assertTrue(t.forDtype(DType.FLOAT64).rtol() < t.forDtype(DType.FLOAT32).rtol());
        assertTrue(t.forDtype(DType.FLOAT16).rtol() > t.forDtype(DType.FLOAT32).rtol());
        Tolerance loose = new Tolerance(1e-2, 1e-2, true);
        assertEquals(loose, t.with(DType.FLOAT32, loose).forDtype(DType.FLOAT32));
        assertEquals(Tolerance.SCALE_AWARE, t.forDtype(DType.INT64), "exact types fall back to float32's (ignored)");
        assertEquals(loose, TolerancePolicy.uniform(loose).forDtype(DType.BFLOAT16));
        assertEquals(Tolerance.ELEMENTWISE, TolerancePolicy.elementwise().forDtype(DType.FLOAT64), "op cases: one rule");
    }
}
