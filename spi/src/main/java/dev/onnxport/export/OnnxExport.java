package dev.onnxport.export;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.passes.OnnxPasses;
import dev.onnxport.onnx.writer.AssembledModel;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxText;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.spi.Tolerance;
import dev.onnxport.spi.VerificationReport;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a model to ONNX, like {@code torch.onnx.export}:
 * validate options -> set the training mode -> trace -> core passes ({@link CorePasses}) -> lower with the
 * {@link ExportMode} of the operator export type -> {@link OnnxPasses} (folding, fusion, {@link OnnxCleanup},
 * shape inference) -> name outputs and mark dynamic
 * axes -> write ({@link OnnxWriter}, atomically) -> optionally check and verify in a runtime.
 */
public final class OnnxExport {
    private OnnxExport() {}

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExport.class);
    private static final ThreadLocal<Boolean> IN_EXPORT = ThreadLocal.withInitial(() -> false);
    private static final CustomSymbolics CUSTOM_SYMBOLICS = new CustomSymbolics();
    /** The graph name written into every model, as torch names it. */
    public static final String GRAPH_NAME = "main_graph";

    /** Exports {@code model} run on {@code args} to {@code f} in {@code options.format()}. */
    public static void export(Module model, Tensor[] args, Path f, ExportOptions options) {
        OptionsValidator.validate(options, args, f, false);
        Exported e = toOnnx(model, args, options);
        WriterOptions w = writerOptions(options);
        String modelName = options.format() == ExportFormat.PROTOBUF_FILE ? String.valueOf(f.getFileName()) : OnnxWriter.MODEL_ENTRY;
        OnnxWriter.Plan plan = OnnxWriter.plan(e.model, w, modelName, false);
        OnnxWriter.write(plan, options.format(), f);
        if (options.verify()) verify(f, options, e);
    }

    /** Exports to a stream (left open): PROTOBUF_FILE or a ZIP format; weights embedded unless zipped. */
    public static void export(Module model, Tensor[] args, OutputStream out, ExportOptions options) {
        OptionsValidator.validate(options, args, null, true);
        Exported e = toOnnx(model, args, options);
        OnnxWriter.Plan plan = OnnxWriter.plan(e.model, writerOptions(options), OnnxWriter.MODEL_ENTRY, true);
        OnnxWriter.write(plan, options.format(), out);
    }

    /** The exported ONNX graph as readable text (see {@link OnnxText}); nothing is written. */
    public static String exportToPrettyString(Module model, Tensor[] args, ExportOptions options) {
        OptionsValidator.validate(options, args, null, false);
        return OnnxText.print(toOnnx(model, args, options).model);
    }

    /** True while this thread is exporting (models may check it to take export-friendly paths). */
    public static boolean isInOnnxExport() { return IN_EXPORT.get(); }

    /**
     * Sets {@code model} (and its submodules) to {@code mode} until the returned scope is closed, which restores
     * each module's previous mode. EVAL and TRAINING force the mode; PRESERVE leaves it.
     */
    public static TrainingModeScope selectModelModeForExport(Module model, TrainingMode mode) {
        if (mode == null) throw new OnnxExporterError("training mode must not be null; use EVAL, PRESERVE or TRAINING");
        return new TrainingModeScope(model, mode);
    }

    /** Registers a symbolic function for {@code opName} from {@code sinceOpset} up (torch's register_custom_op_symbolic). */
    public static void registerCustomOpSymbolic(String opName, int sinceOpset, SymbolicFunction fn) {
        if (!opName.matches("[A-Za-z0-9_.\\-]+::[A-Za-z_][A-Za-z0-9_\\-]*")) {
            throw new OnnxExporterError("custom symbolic name '" + opName + "' must look like domain::name, e.g. mydomain::myop");
        }
        CUSTOM_SYMBOLICS.register(opName, sinceOpset, fn);
    }

    public static void unregisterCustomOpSymbolic(String opName, int sinceOpset) {
        CUSTOM_SYMBOLICS.unregister(opName, sinceOpset);
    }

    /** The lowered model plus what verification needs. */
    private record Exported(AssembledModel model, Map<String, Tensor> inputs, List<Tensor> expected) {}

    private static Exported toOnnx(Module model, Tensor[] args, ExportOptions o) {
        ExportMode mode = ExportModes.get(o.operatorExportType());
        List<String> inputNames = OptionsValidator.inputNames(o, args.length);
        boolean outer = IN_EXPORT.get();
        IN_EXPORT.set(true);
        try (TrainingModeScope scope = selectModelModeForExport(model, o.training())) {
            if (scope.training() && o.opsetVersion() < 12) {
                LOG.warn("exporting in training mode at opset {}: Dropout and BatchNormalization keep training "
                        + "behaviour fully only from opset 12", o.opsetVersion());
            }
            List<Tensor> expected = o.verify() ? eager(model, args) : List.of();
            TraceOptions to = TraceOptions.defaults().withGraphName(GRAPH_NAME).withInputNames(inputNames)
                    .withOutputNames(o.outputNames()).withShapeOnly(o.shapeOnlyTrace());
            Graph g = Tracer.trace(model, to, args);
            markInputAxes(g, o);
            for (GraphPass p : CorePasses.forExport(o.effectiveConstantFolding())) {
                boolean changed = p.run(g);
                LOG.debug("core pass {}: {}", p.name(), changed ? "changed the graph" : "no change");
            }
            mode.lower(g, new LoweringContext(o.opsetVersion(), o.customOpsets(), scope.training(), CUSTOM_SYMBOLICS));
            OnnxPasses.run(g, new OnnxPasses.Options(o.opsetVersion(), o.effectiveConstantFolding(),
                    o.effectiveKeepInitializersAsInputs() || !o.exportParams()));
            nameOutputs(g, o);
            if (o.verbose()) LOG.debug("exported graph (opset {}, {}):\n{}", o.opsetVersion(), o.operatorExportType(), GraphPrinter.print(g));
            AssembledModel m = ModelAssembler.assemble(g, writerOptions(o));
            Map<String, Tensor> ins = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) ins.put(inputNames.get(i), args[i]);
            return new Exported(m, ins, expected);
        } finally {
            IN_EXPORT.set(outer);
        }
    }

    private static WriterOptions writerOptions(ExportOptions o) {
        return new WriterOptions(o.opsetVersion(), o.customOpsets(), o.exportParams(),
                o.effectiveKeepInitializersAsInputs(), o.effectiveStripDocString(), o.externalData(), o.format());
    }

    private static void markInputAxes(Graph g, ExportOptions o) {
        for (Value in : g.inputs()) {
            SortedMap<Integer, String> axes = o.dynamicAxes().get(in.name());
            if (axes == null) continue;
            Type t = in.type();
            for (Map.Entry<Integer, String> a : axes.entrySet()) t = t.withSymbol(a.getKey(), a.getValue());
            in.setType(t);
        }
    }

    /**
     * Gives graph outputs their names (outputNames, else {@code output<i>}) and dynamic axes. An output that
     * is a graph input, an initializer, or repeats another output gets an Identity so that it has its own name.
     */
    private static void nameOutputs(Graph g, ExportOptions o) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < g.outputs().size(); i++) {
            Value v = g.outputs().get(i);
            String name = i < o.outputNames().size() ? o.outputNames().get(i) : "output" + i;
            if (v.producer() == null || !seen.add(v)) {
                Node id = g.body().append(OnnxCleanup.IDENTITY, null);
                id.addInput(v);
                Value copy = id.addOutput(v.type());
                g.body().setOutput(i, copy);
                seen.add(copy);
                v = copy;
            }
            v.setName(name);
            SortedMap<Integer, String> axes = o.dynamicAxes().get(name);
            if (axes == null) continue;
            Type t = v.type();
            if (t == null || !t.isTensor()) {
                throw new OnnxExporterError("dynamicAxes names output '" + name + "', which is not a tensor; remove it from dynamicAxes");
            }
            for (Map.Entry<Integer, String> a : axes.entrySet()) {
                if (a.getKey() >= t.rank()) {
                    throw new OnnxExporterError("dynamicAxes['" + name + "'] has axis " + a.getKey() + ", but that output has rank "
                            + t.rank() + "; use an axis from 0 to " + (t.rank() - 1));
                }
                t = t.withSymbol(a.getKey(), a.getValue());
            }
            v.setType(t);
        }
        if (o.outputNames().size() > g.outputs().size()) {
            throw new OnnxExporterError("outputNames has " + o.outputNames().size() + " names but the model returns "
                    + g.outputs().size() + " outputs; give at most one name per output");
        }
    }

    private static List<Tensor> eager(Module model, Tensor[] args) {
        List<Tensor> out = new ArrayList<>();
        flatten(model.invoke(args), out);
        return out;
    }

    private static void flatten(Object o, List<Tensor> out) {
        if (o instanceof Tensor t) out.add(t);
        else if (o instanceof Object[] a) for (Object x : a) flatten(x, out);
        else if (o instanceof Collection<?> c) for (Object x : c) flatten(x, out);
    }

    private static void verify(Path f, ExportOptions o, Exported e) {
        RuntimeVerifier rv = ExportModes.verifier();
        Path model = o.format() == ExportFormat.DIRECTORY ? f.resolve(OnnxWriter.MODEL_ENTRY) : f;
        rv.check(model);
        VerificationReport report = rv.verify(model, e.inputs, e.expected, Tolerance.DEFAULT);
        if (!report.passed()) {
            throw new CheckerError("the exported model " + model + " runs in " + rv.name() + " but its outputs differ from "
                    + "the eager model:\n" + report.summary() + "look for ops lowered differently at opset " + o.opsetVersion());
        }
        LOG.debug("verified {} in {}:\n{}", model, rv.name(), report.summary());
    }
}
