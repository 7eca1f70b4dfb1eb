package dev.onnxport.verify;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares computed tensors with expected ones: the one comparison of onnxport, used for a runtime's outputs
 * against eager ones or a fixture's, and for intermediate values in the divergence search. It needs no runtime.
 *
 * <p>Rules: shape and dtype must match. Integers and bools must be equal. For floating types, NaN matches NaN,
 * an infinity matches only the same infinity (and {@link TolerancePolicy#modelOutputs()}, by default, fails any
 * output holding one: see {@link TolerancePolicy#allowsNonFinite()}), and finite values are compared elementwise
 * ({@code |got - want| <= atol + rtol * |want|} for each element) or scale-aware
 * ({@code max|got - want| <= atol + rtol * max|want|}, the maximum over finite expected values). float16 and
 * bfloat16 cannot be closer than their own precision, so for them rtol is at least 1e-3 and 1.6e-2
 * (PyTorch's {@code torch.testing} defaults for those types).
 *
 * <p>The reported maximum relative error is {@code max(|got - want| / |want|)} elementwise (infinite where
 * {@code want} is 0 and {@code got} is not) and {@code max|got - want| / max|want|} scale-aware. The worst index
 * is the flat row-major index of the element furthest past its bound (elementwise) or with the largest error
 * (scale-aware, ints, bools); -1 when every element is exact.
 */
public final class TensorComparison {
    private TensorComparison() {}

    /**
     * Compares outputs, in order, with {@code expected}, each under the policy's tolerance for its expected dtype;
     * a missing or surplus tensor on either side is a fault.
     */
    public static VerificationReport compareAll(String runtime, Map<String, Tensor> outputs, List<Tensor> expected,
                                                TolerancePolicy policy) {
        List<VerificationReport.Output> results = new ArrayList<>();
        Iterator<Tensor> want = expected.iterator();
        for (Map.Entry<String, Tensor> out : outputs.entrySet()) {
            if (want.hasNext()) {
                Tensor w = want.next();
                results.add(compare(out.getKey(), out.getValue(), w, policy.forDtype(w.dtype()), policy.allowsNonFinite()));
            } else {
                results.add(fault(out.getKey(), "no expected tensor: " + expected.size() + " expected for "
                        + outputs.size() + " outputs"));
            }
        }
        for (int i = outputs.size(); i < expected.size(); i++) {
            results.add(fault("#" + i, "expected tensor " + i + " (" + expected.get(i) + ") has no output: the model has "
                    + outputs.size()));
        }
        return new VerificationReport(runtime, results);
    }

    /** Compares one computed tensor with its expected value; NaN and infinity pass where both sides agree. */
    public static VerificationReport.Output compare(String name, Tensor got, Tensor want, Tolerance tolerance) {
        return compare(name, got, want, tolerance, true);
    }

    /**
     * Compares one computed tensor with its expected value. Without {@code allowNonFinite}, any NaN or infinite
     * element on either side fails the output with a fault saying how many there are and whether the two sides
     * agree on them.
     */
    public static VerificationReport.Output compare(String name, Tensor got, Tensor want, Tolerance tolerance,
                                                    boolean allowNonFinite) {
        if (got.isMeta() || want.isMeta()) {
            throw new IllegalArgumentException("cannot compare output '" + name + "': "
                    + (got.isMeta() ? "the computed" : "the expected") + " tensor is a meta tensor without data");
        }
        if (got.dtype() != want.dtype()) {
            return fault(name, "dtype " + got.dtype().torchName() + ", expected " + want.dtype().torchName());
        }
        if (!Arrays.equals(got.shape(), want.shape())) {
            return fault(name, "shape " + Arrays.toString(got.shape()) + ", expected " + Arrays.toString(want.shape()));
        }
        if (got.dtype().isFloatingPoint()) {
            double[] g = got.toDoubleArray(), w = want.toDoubleArray();
            VerificationReport.Output o = compareFloats(name, g, w, forDtype(tolerance, got.dtype()));
            if (!allowNonFinite) {
                long gotSpecial = 0, wantSpecial = 0;
                for (double v : g) if (!Double.isFinite(v)) gotSpecial++;
                for (double v : w) if (!Double.isFinite(v)) wantSpecial++;
                if (gotSpecial + wantSpecial > 0) {
                    return new VerificationReport.Output(name, false, o.maxAbsError(), o.maxRelError(), o.worstIndex(),
                            "NaN or infinity: " + gotSpecial + " element(s) computed, " + wantSpecial + " expected"
                            + (o.passed() ? ", the same on both sides" : "") + "; a NaN/Inf output is not verified "
                            + "unless non-finite values are allowed (--allow-nonfinite)");
                }
            }
            return o;
        }
        return compareExact(name, got.toLongArray(), want.toLongArray());
    }

    private static Tolerance forDtype(Tolerance t, DType dtype) {
        double floor = dtype == DType.FLOAT16 ? 1e-3 : dtype == DType.BFLOAT16 ? 1.6e-2 : 0;
        return t.rtol() >= floor ? t : new Tolerance(floor, t.atol(), t.scaleAware());
    }

    private static VerificationReport.Output compareFloats(String name, double[] got, double[] want, Tolerance tol) {
        double scale = 0;
        for (double w : want) if (Double.isFinite(w)) scale = Math.max(scale, Math.abs(w));
        boolean specialsMatch = true;
        boolean withinBounds = true;
        double maxAbs = 0, maxRel = 0, worstScore = Double.NEGATIVE_INFINITY;
        long worst = -1;
        for (int i = 0; i < got.length; i++) {
            double g = got[i], w = want[i];
            double err;
            if (Double.isFinite(g) && Double.isFinite(w)) {
                err = Math.abs(g - w);
            } else {
                if (g == w || Double.isNaN(g) && Double.isNaN(w)) continue;
                specialsMatch = false;
                err = Double.POSITIVE_INFINITY;
            }
            if (err == 0) continue;
            maxAbs = Math.max(maxAbs, err);
            maxRel = Math.max(maxRel, Double.isFinite(w) ? err / Math.abs(w) : err);
            double score = err;
            if (!tol.scaleAware()) {
                double bound = tol.atol() + tol.rtol() * Math.abs(w);
                withinBounds &= err <= bound;
                score = err - bound;
            }
            if (score > worstScore) {
                worstScore = score;
                worst = i;
            }
        }
        if (tol.scaleAware()) {
            withinBounds = maxAbs <= tol.atol() + tol.rtol() * scale;
            maxRel = maxAbs == 0 ? 0 : maxAbs / scale;
        }
        return new VerificationReport.Output(name, specialsMatch && withinBounds, maxAbs, maxRel, worst, null);
    }

    private static VerificationReport.Output compareExact(String name, long[] got, long[] want) {
        double maxAbs = 0, maxRel = 0;
        long worst = -1;
        for (int i = 0; i < got.length; i++) {
            if (got[i] == want[i]) continue;
            double err = Math.abs((double) got[i] - (double) want[i]);
            if (err > maxAbs) {
                maxAbs = err;
                worst = i;
            }
            maxRel = Math.max(maxRel, err / Math.abs((double) want[i]));
        }
        return new VerificationReport.Output(name, worst < 0, maxAbs, maxRel, worst, null);
    }

    private static VerificationReport.Output fault(String name, String why) {
        return VerificationReport.Output.fault(name, why);
    }
}
