package dev.onnxport.ort;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.export.TrainingMode;
import dev.onnxport.export.TrainingModeScope;
import dev.onnxport.ir.GraphInterpreter;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.spi.VerificationReport;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Verifies an exported model at several sizes: runs the eager model and the runtime on the example inputs and, for
 * each dynamic dim symbol, on generated inputs (see {@link InputGenerator}) where that symbol takes other sizes —
 * 1 and the example size plus one (2 and 3 when the example size is 1) — while every other dim keeps its example
 * size. Dims of several inputs that share a symbol change together. Each output is compared under the tolerance of
 * its dtype ({@link DtypeTolerances}).
 *
 * <p>Given an {@link ExportResult}, a failed verification is followed by a search for the first divergent node
 * ({@link DivergenceSearch}) on the inputs of the first failed run, and the runs are added to the export report.
 */
public final class Verifier {
    private final RuntimeVerifier runtime;
    private final DtypeTolerances tolerances;
    private final long seed;

    public Verifier(RuntimeVerifier runtime, DtypeTolerances tolerances, long seed) {
        this.runtime = runtime;
        this.tolerances = tolerances;
        this.seed = seed;
    }

    /** ONNX Runtime (process-wide session cache), default tolerances, seed 0. */
    public static Verifier withDefaults() { return new Verifier(new OrtRuntimeVerifier(), DtypeTolerances.defaults(), 0); }

    /**
     * Verifies {@code modelFile}, exported from {@code model}, with the example {@code inputs} named
     * {@code inputNames} and the export's {@code dynamicAxes} (entries for outputs are ignored); the eager model runs
     * in {@code training} mode as the export did.
     */
    public MultiSizeVerification verify(Module model, Path modelFile, Tensor[] inputs, List<String> inputNames,
                                        Map<String, SortedMap<Integer, String>> dynamicAxes, TrainingMode training) {
        List<SizeRun> runs = new ArrayList<>();
        for (Case c : cases(inputs, inputNames, dynamicAxes)) runs.add(run(model, modelFile, c, inputNames, training));
        return new MultiSizeVerification(runs, null, null);
    }

    /**
     * Verifies an export made by {@link OnnxExport#exportWithResult}; when a run fails, also finds the first divergent
     * node. Adds every run to the export's report, and writes the report again when the export wrote one.
     */
    public MultiSizeVerification verify(Module model, ExportResult export, Tensor[] inputs) {
        if (export.modelFile() == null) {
            throw new IllegalArgumentException("cannot verify " + export.file() + ": the model is inside an archive; "
                    + "export with format PROTOBUF_FILE or DIRECTORY");
        }
        List<SizeRun> runs = new ArrayList<>();
        Divergence divergence = null;
        String diagnosis = null;
        for (Case c : cases(inputs, export.inputNames(), export.options().dynamicAxes())) {
            SizeRun r = run(model, export.modelFile(), c, export.inputNames(), export.options().training());
            runs.add(r);
            if (!r.passed() && divergence == null && diagnosis == null) {
                divergence = new DivergenceSearch(tolerances).find(export, c.inputs, c.label);
                if (divergence == null) diagnosis = traceDiagnosis(model, export, c);
            }
        }
        for (SizeRun r : runs) export.report().addVerification(r.label(), r.report());
        if (export.options().report() != null) export.report().write(export.options().report());
        return new MultiSizeVerification(runs, divergence, diagnosis);
    }

    /**
     * Every ONNX value agrees with the traced graph, so the trace itself must differ from the eager model at this
     * size: says so when the traced graph's outputs confirm it.
     */
    private String traceDiagnosis(Module model, ExportResult export, Case c) {
        Map<Value, Object> traced = GraphInterpreter.run(export.atenGraph(), c.inputs);
        List<Tensor> eager = eager(model, c.inputs, export.options().training());
        List<Value> outs = export.atenGraph().outputs();
        for (int i = 0; i < outs.size() && i < eager.size(); i++) {
            if (!(traced.get(outs.get(i)) instanceof Tensor t)) continue;
            VerificationReport.Output o = TensorComparison.compare("output " + i, t, eager.get(i),
                    tolerances.forDtype(eager.get(i).dtype()));
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

    /** The first divergent node of {@code export} on {@code inputs}, or null when every intermediate value agrees. */
    public Divergence firstDivergence(ExportResult export, Tensor[] inputs) {
        return new DivergenceSearch(tolerances).find(export, inputs, "given inputs");
    }

    /** Inputs of one run. */
    private record Case(String label, Map<String, Long> sizes, Tensor[] inputs) {}

    private List<Case> cases(Tensor[] inputs, List<String> names, Map<String, SortedMap<Integer, String>> axes) {
        if (names.size() < inputs.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + names.size() + " input names");
        }
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

    private SizeRun run(Module model, Path file, Case c, List<String> names, TrainingMode training) {
        List<Tensor> expected = eager(model, c.inputs, training);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < c.inputs.length; i++) feeds.put(names.get(i), c.inputs[i]);
        Map<String, Tensor> got;
        try {
            got = runtime.run(file, feeds);
        } catch (CheckerError e) {
            // a model that cannot run at this size (e.g. a reshape to a traced size) fails the run, not the verification
            VerificationReport.Output fault = new VerificationReport.Output("(run)", false, Double.NaN, Double.NaN, -1,
                    e.getMessage());
            return new SizeRun(c.label, c.sizes, new VerificationReport(runtime.name(), List.of(fault)));
        }
        return new SizeRun(c.label, c.sizes, compare(got, expected));
    }

    private VerificationReport compare(Map<String, Tensor> got, List<Tensor> expected) {
        List<VerificationReport.Output> outs = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : got.entrySet()) {
            if (i < expected.size()) {
                Tensor want = expected.get(i);
                outs.add(TensorComparison.compare(e.getKey(), e.getValue(), want, tolerances.forDtype(want.dtype())));
            } else {
                outs.add(new VerificationReport.Output(e.getKey(), false, Double.NaN, Double.NaN, -1,
                        "the eager model has only " + expected.size() + " outputs"));
            }
            i++;
        }
        for (; i < expected.size(); i++) {
            outs.add(new VerificationReport.Output("#" + i, false, Double.NaN, Double.NaN, -1,
                    "eager output " + i + " is missing from the exported model, which has " + got.size()));
        }
        return new VerificationReport(runtime.name(), outs);
    }

    private static List<Tensor> eager(Module model, Tensor[] inputs, TrainingMode training) {
        try (TrainingModeScope ignored = OnnxExport.selectModelModeForExport(model, training)) {
            return Tensors.flatten(model.invoke(inputs));
        }
    }
}
