package dev.onnxport.verify;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.ir.GraphInterpreter;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The one verification of exported models, on top of a {@link RuntimeVerifier} that only runs them: every output
 * is compared with {@link TensorComparison} under a {@link TolerancePolicy} (by default
 * {@link TolerancePolicy#modelOutputs()}, scale-aware). Thread-safe; the facade ({@code OnnxExport.verify}),
 * the {@code export --verify}, {@code verify} and {@code conformance} commands all go through it.
 *
 * <ul>
 *   <li>{@link #compare}: run the model on given inputs and compare with given outputs (a fixture's, an op case's).</li>
 *   <li>{@link #verify}: run the eager model and the runtime on the example inputs and, for each dynamic dim
 *       symbol, on generated inputs (see {@link InputGenerator}) where that symbol takes two other sizes — 1 and the
 *       example size plus one (2 and 3 when the example size is 1) — while every other dim keeps its example size;
 *       dims of several inputs that share a symbol change together. With a {@link TracedExport}, the first run that
 *       fails numerically is followed by a search for the first divergent node ({@link #firstDivergence}), or, when
 *       no ONNX node departs from the traced graph, by a diagnosis of the trace.</li>
 * </ul>
 */
public final class VerificationService {
    private final RuntimeVerifier runtime;
    private final TolerancePolicy policy;
    private final long seed;

    /** Verifies with {@code runtime} under {@code policy}; {@code seed} makes the inputs of the other sizes. */
    public VerificationService(RuntimeVerifier runtime, TolerancePolicy policy, long seed) {
        if (runtime == null) throw new IllegalArgumentException("no runtime to verify with: add the module dev.onnxport.ort");
        this.runtime = runtime;
        this.policy = policy;
        this.seed = seed;
    }

    /** {@code runtime}, the default policy for model outputs (scale-aware), seed 0. */
    public static VerificationService of(RuntimeVerifier runtime) {
        return new VerificationService(runtime, TolerancePolicy.modelOutputs(), 0);
    }

    /** This service with another tolerance policy. */
    public VerificationService withPolicy(TolerancePolicy p) { return new VerificationService(runtime, p, seed); }

    public RuntimeVerifier runtime() { return runtime; }

    public TolerancePolicy policy() { return policy; }

    /**
     * Runs {@code model} on {@code inputs} and compares its outputs, in graph order, with {@code expected}; never
     * throws for a numeric mismatch, the report says what differs. A model the runtime cannot run fails with its
     * CheckerError.
     */
    public VerificationReport compare(Path model, Map<String, Tensor> inputs, List<Tensor> expected) {
        return TensorComparison.compareAll(runtime.name(), runtime.run(model, inputs), expected, policy);
    }

    /**
     * Verifies {@code target} at its example size and at other sizes of each dynamic dim symbol (see the class
     * comment). The runtime opens the model first: a model it rejects fails with its CheckerError; a run that fails
     * at some size is a failed run in the result.
     */
    public MultiSizeVerification verify(VerificationTarget target) {
        runtime.check(target.modelFile());
        List<SizeRun> runs = new ArrayList<>();
        Divergence divergence = null;
        String diagnosis = null;
        boolean searched = false;
        for (Case c : cases(target)) {
            SizeRun r = run(target, c);
            runs.add(r);
            if (!r.passed() && r.ran() && !searched && target.traced() != null) {
                searched = true;
                divergence = new DivergenceSearch(runtime, policy).find(target.traced(), c.inputs, c.label);
                if (divergence == null) diagnosis = traceDiagnosis(target, c);
            }
        }
        return new MultiSizeVerification(runs, divergence, diagnosis);
    }

    /** The first divergent node of {@code export} on {@code inputs}, or null when every intermediate value agrees. */
    public Divergence firstDivergence(TracedExport export, Tensor[] inputs) {
        return new DivergenceSearch(runtime, policy).find(export, inputs, "given inputs");
    }

    /**
     * Every ONNX value agrees with the traced graph, so the trace itself must differ from the eager model at this
     * size: says so when the traced graph's outputs confirm it.
     */
    private String traceDiagnosis(VerificationTarget target, Case c) {
        Map<Value, Object> traced = GraphInterpreter.run(target.traced().atenGraph(), c.inputs);
        List<Tensor> eager = target.eager().apply(c.inputs);
        List<Value> outs = target.traced().atenGraph().outputs();
        for (int i = 0; i < outs.size() && i < eager.size(); i++) {
            if (!(traced.get(outs.get(i)) instanceof Tensor t)) continue;
            VerificationReport.Output o = TensorComparison.compare("output " + i, t, eager.get(i),
                    policy.forDtype(eager.get(i).dtype()));
            if (!o.passed()) {
                return "no ONNX node departs from the traced graph, but at " + c.label + " the traced graph itself gives "
                        + "other values than the eager model (output " + i + (o.fault() != null ? ": " + o.fault()
                        : String.format(", max|err| %.3g", o.maxAbsError())) + "): a size or value was fixed during "
                        + "tracing, e.g. read with Tensor.size() where Tensor.symSize() keeps it dynamic";
            }
        }
        return "no ONNX node departs from the traced graph and the traced graph agrees with the eager model at "
                + c.label + ": the difference comes from the runtime (check the outputs' tolerances)";
    }

    /** Inputs of one run. */
    private record Case(String label, Map<String, Long> sizes, Tensor[] inputs) {}

    private List<Case> cases(VerificationTarget target) {
        Tensor[] inputs = target.inputArray();
        List<String> names = target.inputNames();
        Map<String, SortedMap<Integer, String>> axes = target.dynamicAxes();
        Map<String, Long> traced = tracedSizes(inputs, names, axes);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("example inputs", traced, inputs));
        int k = 0;
        for (Map.Entry<String, Long> sym : traced.entrySet()) {
            for (long size : otherSizes(sym.getValue())) {
                Map<String, Long> sizes = new LinkedHashMap<>(traced);
                sizes.put(sym.getKey(), size);
                Tensor[] gen = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    long[] shape = inputs[i].shape();
                    SortedMap<Integer, String> a = axes.get(names.get(i));
                    if (a != null) a.forEach((axis, s) -> shape[axis] = sizes.get(s));
                    gen[i] = InputGenerator.like(inputs[i], shape, seed * 1_000_003L + k * 101L + i);
                }
                k++;
                cases.add(new Case(sym.getKey() + "=" + size, sizes, gen));
            }
        }
        return cases;
    }

    /** The example size of each dynamic dim symbol of the inputs; a symbol seen with two sizes is an error. */
    private static Map<String, Long> tracedSizes(Tensor[] inputs, List<String> names, Map<String, SortedMap<Integer, String>> axes) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            SortedMap<Integer, String> a = axes.get(names.get(i));
            if (a == null) continue;
            for (Map.Entry<Integer, String> e : a.entrySet()) {
                if (e.getKey() >= inputs[i].dim()) {
                    throw new IllegalArgumentException("dynamic axis " + e.getKey() + " of input '" + names.get(i)
                            + "' is past its rank " + inputs[i].dim());
                }
                long s = inputs[i].size(e.getKey());
                Long prev = sizes.putIfAbsent(e.getValue(), s);
                if (prev != null && prev != s) {
                    throw new IllegalArgumentException("dynamic dim '" + e.getValue() + "' has size " + prev
                            + " in one input and " + s + " in input '" + names.get(i) + "'; give one size per symbol");
                }
            }
        }
        return sizes;
    }

    /** Two sizes other than the example size {@code s}, one of them 1 (when {@code s} is 1, the next two). */
    static List<Long> otherSizes(long s) { return s <= 1 ? List.of(s + 1, s + 2) : List.of(1L, s + 1); }

    private SizeRun run(VerificationTarget target, Case c) {
        List<Tensor> expected = target.eager().apply(c.inputs);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < c.inputs.length; i++) feeds.put(target.inputNames().get(i), c.inputs[i]);
        Map<String, Tensor> got;
        try {
            got = runtime.run(target.modelFile(), feeds);
        } catch (CheckerError e) {
            // a model that cannot run at this size (e.g. a reshape to a traced size) fails the run, not the verification
            VerificationReport fault = new VerificationReport(runtime.name(),
                    List.of(VerificationReport.Output.fault("(run)", e.getMessage())));
            return new SizeRun(c.label, c.sizes, fault, e.getMessage());
        }
        return new SizeRun(c.label, c.sizes, TensorComparison.compareAll(runtime.name(), got, expected, policy), null);
    }
}
