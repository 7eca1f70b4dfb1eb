package dev.onnxport.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The service on a runtime that needs no native code: a fake whose outputs are the eager ones with a chosen
 * distortion. Logits of magnitude ~1300 off by 2e-3 (what ONNX Runtime gives for a ResNet-50 with PyTorch's weights)
 * pass under the default tolerances, which are scale-aware, and fail elementwise; real mismatches fail under both.
 */
class VerificationServiceTest {
    private static final Path FILE = Path.of("model.onnx");
    private static final Map<String, Map<Integer, String>> BATCH = Map.of("x", Map.of(0, "batch"));

    /** The eager model: "logits" 400 * x, so standard-normal inputs give values up to about 1300. */
    private static List<Tensor> logits(Tensor[] in) { return List.of(map(in[0], (i, v) -> 400 * v)); }

    /** Example input of 2 x 500 standard-normal values, clipped to 3.2, and one 3.25: logits up to exactly 1300. */
    private static Tensor example() {
        Random r = new Random(5);
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.max(-3.2, Math.min(3.2, r.nextGaussian()));
        v[17] = 3.25f;
        return Tensor.of(v, 2, 500);
    }

    private interface ElementMap { double apply(int index, double value); }

    private static Tensor map(Tensor t, ElementMap f) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) v[i] = f.apply(i, v[i]);
        return Tensor.of(v, t.shape()).to(t.dtype());
    }

    /** A runtime that runs the eager model and distorts its output; it records the inputs of each run. */
    private static class FakeRuntime implements RuntimeVerifier {
        final Function<Tensor[], List<Tensor>> model;
        final ElementMap distortion;
        final List<Map<String, Tensor>> runs = new ArrayList<>();

        FakeRuntime(Function<Tensor[], List<Tensor>> model, ElementMap distortion) {
            this.model = model;
            this.distortion = distortion;
        }

        @Override public String name() { return "fake 1.0"; }

        @Override public void check(Path m) {}

        @Override
        public Map<String, Tensor> run(Path m, Map<String, Tensor> inputs) {
            runs.add(inputs);
            List<Tensor> outs = model.apply(inputs.values().toArray(Tensor[]::new));
            Map<String, Tensor> named = new LinkedHashMap<>();
            for (int i = 0; i < outs.size(); i++) named.put("output" + i, map(outs.get(i), distortion));
            return named;
        }
    }

    private static MultiSizeVerification verify(VerificationService s) {
        return s.verify(VerificationTarget.of(FILE, List.of("x"), new Tensor[] {example()}, BATCH,
                VerificationServiceTest::logits));
    }

    @Test
    void largeLogitsOffBy2e3PassScaleAwareByDefaultAndFailElementwise() {
        FakeRuntime rt = new FakeRuntime(VerificationServiceTest::logits, (i, v) -> v + (i % 2 == 0 ? 2e-3 : -2e-3));
        MultiSizeVerification v = verify(VerificationService.of(rt));
        assertTrue(v.passed(), v.summary());
        assertEquals(List.of("example inputs", "batch=1", "batch=3"), v.runs().stream().map(SizeRun::label).toList());
        VerificationReport.Output o = v.runs().get(0).report().outputs().get(0);
        assertEquals(2e-3, o.maxAbsError(), 1.3e-4, "float32 rounds at 1300 by up to 6.1e-5, on each side");
        assertEquals(o.maxAbsError() / 1300, o.maxRelError(), 1e-9, "scale-aware relative error: max|err| / max|want|");

        MultiSizeVerification strict = verify(VerificationService.of(rt).withPolicy(TolerancePolicy.elementwise()));
        assertFalse(strict.passed(), strict.summary());
        assertFalse(strict.runs().get(0).passed(), "small logits are off by far more than 1e-4 of themselves");
    }

    @Test
    void anOutputPerturbedByOnePercentOfItsScaleFails() {
        FakeRuntime rt = new FakeRuntime(VerificationServiceTest::logits, (i, v) -> i == 300 ? v + 13 : v);
        MultiSizeVerification v = verify(VerificationService.of(rt));
        assertFalse(v.passed(), v.summary());
        VerificationReport.Output o = v.runs().get(0).report().outputs().get(0);
        assertEquals(13, o.maxAbsError(), 1e-3);
        assertEquals(300, o.worstIndex());
        assertEquals(0.01, o.maxRelError(), 1e-6);
        assertTrue(v.summary().contains("output0: MISMATCH max|err| 13"), v.summary());
    }

    @Test
    void aWrongWeightFailsAtEverySize() {
        // the runtime computes 401 * x: every logit 0.25% off, 25 times the relative tolerance
        FakeRuntime rt = new FakeRuntime(in -> List.of(map(in[0], (i, v) -> 401 * v)), (i, v) -> v);
        MultiSizeVerification v = verify(VerificationService.of(rt));
        assertEquals(3, v.runs().size());
        for (SizeRun r : v.runs()) assertFalse(r.passed(), r.label() + "\n" + v.summary());
        assertEquals(1 / 400.0, v.runs().get(0).report().outputs().get(0).maxRelError(), 1e-6);
        assertNull(v.divergence(), "no traced export was given, so there is no search");
    }

    @Test
    void otherSizesGetGeneratedInputsOfThatSize() {
        FakeRuntime rt = new FakeRuntime(VerificationServiceTest::logits, (i, v) -> v);
        assertTrue(verify(VerificationService.of(rt)).passed());
        assertEquals(List.of(2L, 1L, 3L), rt.runs.stream().map(m -> m.get("x").shape()[0]).toList());
        assertEquals(500, rt.runs.get(2).get("x").shape()[1], "the other dims keep their example size");
    }

    @Test
    void aRunTheRuntimeCannotDoFailsThatRunOnly() {
        FakeRuntime rt = new FakeRuntime(VerificationServiceTest::logits, (i, v) -> v) {
            @Override
            public Map<String, Tensor> run(Path m, Map<String, Tensor> inputs) {
                if (inputs.get("x").shape()[0] == 1) throw new CheckerError("Reshape: cannot reshape 500 to 2 x 250");
                return super.run(m, inputs);
            }
        };
        MultiSizeVerification v = verify(VerificationService.of(rt));
        assertEquals(List.of(true, false, true), v.runs().stream().map(SizeRun::passed).toList(), v.summary());
        SizeRun one = v.runs().get(1);
        assertFalse(one.ran());
        assertEquals("Reshape: cannot reshape 500 to 2 x 250", one.report().outputs().get(0).fault());
        assertEquals(one, v.firstFailure());
    }

    @Test
    void compareRunsTheModelAndPairsOutputsInOrder() {
        FakeRuntime rt = new FakeRuntime(VerificationServiceTest::logits, (i, v) -> v);
        Tensor x = example();
        VerificationReport ok = VerificationService.of(rt).compare(FILE, Map.of("x", x), logits(new Tensor[] {x}));
        assertTrue(ok.passed(), ok.summary());
        assertEquals("fake 1.0", ok.runtime());
        VerificationReport missing = VerificationService.of(rt).compare(FILE, Map.of("x", x),
                List.of(logits(new Tensor[] {x}).get(0), x));
        assertFalse(missing.passed());
        assertTrue(missing.outputs().get(1).fault().contains("has no output"), missing.summary());
    }

    @Test
    void aSymbolWithTwoExampleSizesIsRefused() {
        FakeRuntime rt = new FakeRuntime(in -> List.of(in[0]), (i, v) -> v);
        VerificationTarget t = VerificationTarget.of(FILE, List.of("a", "b"),
                new Tensor[] {Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {1, 2, 3}, 3)},
                Map.of("a", Map.of(0, "n"), "b", Map.of(0, "n")), in -> List.of(in[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VerificationService.of(rt).verify(t));
        assertTrue(e.getMessage().contains("dynamic dim 'n' has size 2 in one input and 3 in input 'b'"), e.getMessage());
    }
}
