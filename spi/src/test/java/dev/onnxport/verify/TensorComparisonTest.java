package dev.onnxport.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.verify.VerificationReport.Output;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.HeapStorage;
import dev.onnxport.tensor.Half;
import dev.onnxport.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison rules on their own, without ONNX Runtime. */
class TensorComparisonTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    private static Output cmp(Tensor got, Tensor want, Tolerance t) { return TensorComparison.compare("out", got, want, t); }

    private static Output cmp(float[] got, float[] want, Tolerance t) { return cmp(Tensor.of(got), Tensor.of(want), t); }

    @Test
    void equalTensorsPassWithZeroError() {
        Output o = cmp(new float[] {1, 2, 3}, new float[] {1, 2, 3}, Tolerance.ELEMENTWISE);
        assertTrue(o.passed());
        assertEquals(0, o.maxAbsError());
        assertEquals(0, o.maxRelError());
        assertEquals(-1, o.worstIndex());
        assertNull(o.fault());
    }

    @Test
    void elementwiseBoundIsAtolPlusRtolTimesExpected() {
        Tolerance t = new Tolerance(1e-2, 1e-3, false);
        assertTrue(cmp(new float[] {100.9f, 0.0009f}, new float[] {100, 0}, t).passed());
        Output o = cmp(new float[] {101.2f, 0.0009f}, new float[] {100, 0}, t);
        assertFalse(o.passed());
        assertEquals(0, o.worstIndex());
        assertEquals(1.2, o.maxAbsError(), 1e-4);
        // the error at index 1 divides by an expected 0
        assertEquals(Double.POSITIVE_INFINITY, o.maxRelError());
    }

    @Test
    void worstIndexIsTheElementFurthestPastItsBoundNotTheLargestError() {
        // index 0 errs by 0.05 within a bound of 0.1; index 2 errs by 0.01 past a bound of 0.00101
        Output o = cmp(new float[] {1000.05f, 1, 0.11f}, new float[] {1000, 1, 0.1f}, new Tolerance(1e-4, 1e-3, false));
        assertFalse(o.passed());
        assertEquals(2, o.worstIndex());
        assertEquals(0.05, o.maxAbsError(), 1e-3);
    }

    @Test
    void scaleAwareComparesTheLargestErrorWithTheLargestValue() {
        float[] want = {1000, 0.001f, -3};
        float[] got = {1000, 0.011f, -3};
        Output elementwise = cmp(got, want, Tolerance.ELEMENTWISE);
        Output scaleAware = cmp(got, want, Tolerance.SCALE_AWARE);
        assertFalse(elementwise.passed());
        assertEquals(1, elementwise.worstIndex());
        assertEquals(10, elementwise.maxRelError(), 1e-3);
        assertTrue(scaleAware.passed());
        assertEquals(1, scaleAware.worstIndex());
        assertEquals(1e-5, scaleAware.maxRelError(), 1e-7);
        // past atol + rtol * 1000 = 0.10001 it fails too
        assertFalse(cmp(new float[] {1000, 0.2f, -3}, want, Tolerance.SCALE_AWARE).passed());
    }

    @Test
    void nanMatchesNanAndInfinitiesMustBeEqual() {
        assertTrue(cmp(new float[] {NAN, INF, -INF}, new float[] {NAN, INF, -INF}, Tolerance.ELEMENTWISE).passed());
        assertTrue(cmp(new float[] {NAN, INF}, new float[] {NAN, INF}, Tolerance.SCALE_AWARE).passed());
        for (Tolerance t : List.of(Tolerance.ELEMENTWISE, Tolerance.SCALE_AWARE, new Tolerance(1e9, 1e9, false))) {
            Output nan = cmp(new float[] {1, NAN}, new float[] {1, 2}, t);
            assertFalse(nan.passed(), t.toString());
            assertEquals(1, nan.worstIndex());
            assertEquals(Double.POSITIVE_INFINITY, nan.maxAbsError());
            assertFalse(cmp(new float[] {1, 2}, new float[] {1, NAN}, t).passed());
            assertFalse(cmp(new float[] {-INF}, new float[] {INF}, t).passed());
            assertFalse(cmp(new float[] {3e38f}, new float[] {INF}, t).passed());
        }
    }

    @Test
    void integersAndBoolsMustBeExact() {
        Output ints = cmp(Tensor.of(new long[] {1, 5, 3, 9}), Tensor.of(new long[] {1, 2, 3, 10}), new Tolerance(1, 10, false));
        assertFalse(ints.passed());
        assertEquals(1, ints.worstIndex());
        assertEquals(3, ints.maxAbsError());
        assertTrue(cmp(Tensor.of(new int[] {7, -7}), Tensor.of(new int[] {7, -7}), Tolerance.ELEMENTWISE).passed());
        Output bools = cmp(Tensor.of(new boolean[] {true, false, true}), Tensor.of(new boolean[] {true, true, true}),
                Tolerance.SCALE_AWARE);
        assertFalse(bools.passed());
        assertEquals(1, bools.worstIndex());
        Output extremes = cmp(Tensor.of(new long[] {Long.MIN_VALUE}), Tensor.of(new long[] {Long.MAX_VALUE}), Tolerance.ELEMENTWISE);
        assertEquals(Math.pow(2, 64), extremes.maxAbsError());
    }

    @Test
    void shapeAndDtypeMustMatch() {
        Output shape = cmp(Tensor.of(new float[] {1, 2}, 1, 2), Tensor.of(new float[] {1, 2}, 2, 1), Tolerance.ELEMENTWISE);
        assertFalse(shape.passed());
        assertEquals("shape [1, 2], expected [2, 1]", shape.fault());
        Output dtype = cmp(Tensor.of(new float[] {1}), Tensor.of(new long[] {1}), Tolerance.ELEMENTWISE);
        assertEquals("dtype float32, expected int64", dtype.fault());
        assertThrows(IllegalArgumentException.class, () -> cmp(Tensor.meta(DType.FLOAT32, 1), Tensor.of(new float[] {1}), Tolerance.ELEMENTWISE));
    }

    @Test
    void halfPrecisionIsComparedAtItsOwnPrecision() {
        // float16 spacing is 1 between 1024 and 2048: one step off is a relative error of 5e-4, above rtol 1e-4
        assertTrue(cmp(half(DType.FLOAT16, 2000), half(DType.FLOAT16, 2001), Tolerance.ELEMENTWISE).passed());
        assertFalse(cmp(half(DType.FLOAT16, 2000), half(DType.FLOAT16, 2004), Tolerance.ELEMENTWISE).passed());
        assertFalse(cmp(Tensor.of(new float[] {2000}), Tensor.of(new float[] {2001}), Tolerance.ELEMENTWISE).passed());
        // bfloat16 keeps 8 significant bits: 2000 and 2016 are neighbours
        assertTrue(cmp(half(DType.BFLOAT16, 2000), half(DType.BFLOAT16, 2016), Tolerance.ELEMENTWISE).passed());
        assertFalse(cmp(half(DType.BFLOAT16, 2000), half(DType.BFLOAT16, 2080), Tolerance.ELEMENTWISE).passed());
    }

    private static Tensor half(DType dtype, float v) {
        short bits = dtype == DType.FLOAT16 ? Half.floatToFp16(v) : Half.floatToBf16(v);
        return Tensor.wrap(HeapStorage.ofShorts(dtype, new short[] {bits}), 1);
    }

    @Test
    void modelOutputsRefuseNanAndInfinityUnlessAllowedAndAgreeing() {
        Map<String, Tensor> outs = new LinkedHashMap<>();
        outs.put("y", Tensor.of(new float[] {1, NAN, INF}));
        List<Tensor> same = List.of(Tensor.of(new float[] {1, NAN, INF}));
        VerificationReport strict = TensorComparison.compareAll("rt", outs, same, TolerancePolicy.modelOutputs());
        assertFalse(strict.passed(), "both sides NaN proves nothing");
        String fault = strict.outputs().get(0).fault();
        assertTrue(fault.contains("2 element(s) computed, 2 expected, the same on both sides")
                && fault.contains("--allow-nonfinite"), fault);
        assertTrue(TensorComparison.compareAll("rt", outs, same, TolerancePolicy.modelOutputs().allowNonFinite(true)).passed());
        // allowed, but the two sides must still agree element by element
        for (float[] other : List.of(new float[] {1, NAN, -INF}, new float[] {1, 2, INF}, new float[] {1, INF, NAN})) {
            assertFalse(TensorComparison.compareAll("rt", outs, List.of(Tensor.of(other)),
                    TolerancePolicy.modelOutputs().allowNonFinite(true)).passed(), java.util.Arrays.toString(other));
        }
        // NaN only on the expected side, or only computed: fails either way
        Map<String, Tensor> finite = Map.of("y", Tensor.of(new float[] {1, 2, 3}));
        assertFalse(TensorComparison.compareAll("rt", finite, same, TolerancePolicy.modelOutputs()).passed());
        assertTrue(TensorComparison.compareAll("rt", finite, List.of(Tensor.of(new float[] {1, 2, 3})),
                TolerancePolicy.modelOutputs()).passed());
        assertTrue(TolerancePolicy.elementwise().allowsNonFinite(), "op fixtures test NaN semantics");
    }

    @Test
    void compareAllPairsOutputsInOrderAndFlagsMissingOnes() {
        Map<String, Tensor> outs = new LinkedHashMap<>();
        outs.put("b", Tensor.of(new float[] {1}));
        outs.put("a", Tensor.of(new float[] {2}));
        VerificationReport r = TensorComparison.compareAll("test", outs, List.of(Tensor.of(new float[] {1}),
                Tensor.of(new float[] {2}), Tensor.of(new float[] {3})), TolerancePolicy.elementwise());
        assertEquals(List.of("b", "a", "#2"), r.outputs().stream().map(Output::name).toList());
        assertTrue(r.outputs().get(0).passed() && r.outputs().get(1).passed());
        assertFalse(r.passed());
        assertTrue(r.outputs().get(2).fault().contains("has no output"), r.outputs().get(2).fault());
    }
}
