package dev.onnxport.export;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.localfunctions.FunctionExtraction;
import dev.onnxport.onnx.localfunctions.LocalFunction;
import dev.onnxport.onnx.passes.DynamicDims;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.onnx.passes.OnnxPasses;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.writer.AssembledModel;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxText;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.ExportMode;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import dev.onnxport.util.MappedFiles;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.SizeRun;
import dev.onnxport.verify.VerificationService;
import dev.onnxport.verify.VerificationTarget;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a model to ONNX, like {@code torch.onnx.export}:
 * validate options -> set the training mode -> trace -> core passes ({@link CorePasses}) -> lower with the
 * {@link ExportMode} of the operator export type -> {@link OnnxPasses} (folding, fusion, {@link OnnxCleanup},
 * shape inference) -> module calls to local functions ({@link FunctionExtraction}, when asked) -> name outputs
 * and mark dynamic
 * axes -> write ({@link OnnxWriter}, atomically) -> optionally check and verify in a runtime.
 *
 * <p><b>Threads.</b> Exports may run at the same time on any number of threads, and each writes the same
 * bytes as it would alone:
 * <ul>
 *   <li>tracing state is confined to the exporting thread ({@link Tracer}, {@link #isInOnnxExport}); export
 *       modes are new instances per export; schemas and the operator registry are safe to share;</li>
 *   <li>custom symbolic functions may be registered and unregistered from any thread at any time; an export
 *       lowers with a snapshot of the registrations taken when it starts, so a change made while it runs
 *       affects only exports started later;</li>
 *   <li>a {@link Module} instance must not be exported (or run) by two threads at once, since an export sets
 *       its training mode for its duration: give each thread its own instance. Building models on several
 *       threads is safe; {@link dev.onnxport.nn.Init#seeded} (used by the bundled models' factories) makes
 *       their weights independent of other threads. Example inputs may be shared as long as nobody writes them;</li>
 *   <li>exports to the same target path at once, in this process or in others, each write files of their own and
 *       leave the last model moved into place with its own data file (see {@link OnnxWriter}); each one's
 *       {@code verify} and {@code beforeReplace} read the files it wrote, not the shared path.</li>
 * </ul>
 */
public final class OnnxExport {
    private OnnxExport() {}

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExport.class);
    private static final ThreadLocal<Boolean> IN_EXPORT = ThreadLocal.withInitial(() -> false);
    private static final CustomSymbolics CUSTOM_SYMBOLICS = new CustomSymbolics();
    /** The graph name written into every model, as torch names it. */
    public static final String GRAPH_NAME = "main_graph";

    /**
     * Refuses, before anything is read or written, an export of {@code options} to {@code f} whose output files
     * (the model or archive, {@code NAME.data} beside it, the report's {@code .json} and {@code .md}, the files of
     * a folder) would replace one another or one of {@code inputs} (the files the caller reads for this export,
     * each with what it is, e.g. "weights"); symbolic and hard links are resolved. Also refuses outputs that
     * exist and are not regular files (devices, FIFOs, sockets) or have several hard links. Every export makes
     * these checks for its own outputs; this adds the caller's inputs.
     *
     * @throws OnnxExporterError naming the two paths, or the bad output
     */
    public static void checkOutputs(Path f, ExportOptions options, Map<Path, String> inputs) {
        OptionsValidator.checkOutputs(options, f, inputs);
    }

    /** Exports {@code model} run on {@code args} to {@code f} in {@code options.format()}. */
    public static void export(Module model, Tensor[] args, Path f, ExportOptions options) {
        exportToPath(model, args, f, options, false, null);
    }

    /**
     * Exports like {@link #export(Module, Tensor[], Path, ExportOptions)} and returns what the export did: the aten
     * graph as it entered lowering, the lowered graph, which ONNX value replaced each aten value, and the report.
     * The written file is the same as {@code export} writes.
     */
    public static ExportResult exportWithResult(Module model, Tensor[] args, Path f, ExportOptions options) {
        return exportToPath(model, args, f, options, true, null);
    }

    /**
     * Exports like {@link #exportWithResult(Module, Tensor[], Path, ExportOptions)}, and gives {@code beforeReplace}
     * this export's own files before they replace {@code f}: a result whose {@link ExportResult#file()} is the file
     * written (the model's temporary file beside {@code f}, its external data file already in place beside it; or
     * the temporary archive of a ZIP format) and whose {@link ExportResult#modelFile()} is that model file (null for
     * an archive). A check or a verification run there reads the bytes this export wrote, never {@code f}, which
     * another process may replace at any moment. {@code f} is replaced afterwards, also when {@code beforeReplace}
     * throws (its exception then follows), as it would be had the caller checked after the export. The result
     * returned names {@code f}.
     */
    public static ExportResult exportWithResult(Module model, Tensor[] args, Path f, ExportOptions options,
                                                Consumer<ExportResult> beforeReplace) {
        return exportToPath(model, args, f, options, true, beforeReplace);
    }

    /**
     * Exports like {@link #export(Module, Tensor[], Path, ExportOptions)}, and gives {@code beforeReplace} the file
     * this export wrote before it replaces {@code f} (as {@link #exportWithResult(Module, Tensor[], Path,
     * ExportOptions, Consumer)} does, without keeping the graphs).
     */
    public static void export(Module model, Tensor[] args, Path f, ExportOptions options, Consumer<Path> beforeReplace) {
        exportToPath(model, args, f, options, false, r -> beforeReplace.accept(r.file()));
    }

    private static ExportResult exportToPath(Module model, Tensor[] args, Path f, ExportOptions options, boolean keep,
                                             Consumer<ExportResult> beforeReplace) {
        OptionsValidator.validate(options, args, f, false);
        ExportReport report = new ExportReport(options);
        // verification needs what exportWithResult keeps, for its divergence search; the file is the same either way
        boolean track = keep || options.verify();
        ExportResult[] written = new ExportResult[1];
        try {
            Exported e = toOnnx(model, args, options, report, track);
            WriterOptions w = writerOptions(options);
            String modelName = options.format() == ExportFormat.PROTOBUF_FILE ? String.valueOf(f.getFileName()) : OnnxWriter.MODEL_ENTRY;
            options.progress().phase(ExportProgress.Phase.SERIALIZATION);
            long t = System.nanoTime();
            OnnxWriter.Plan plan = OnnxWriter.plan(e.model, w, modelName, false);
            List<String> inputNames = OptionsValidator.inputNames(options, args.length);
            boolean archive = options.format() == ExportFormat.ZIP_ARCHIVE || options.format() == ExportFormat.COMPRESSED_ZIP_ARCHIVE;
            OnnxWriter.write(plan, options.format(), f, (file, sizes) -> {
                report.phase(ExportProgress.Phase.SERIALIZATION, System.nanoTime() - t);
                report.sizes(e.model.initializers().size(), archive ? plan.modelBytes() : sizes.modelBytes(), e.model.dataBytes());
                report.written(f, sizes.bytes());
                written[0] = track
                        ? new ExportResult(file, archive ? null : file, options, inputNames, e.atenGraph, e.onnxGraph, e.onnxNames, report)
                        : new ExportResult(file, archive ? null : file, options, inputNames, null, null, Map.of(), report);
                if (options.verify()) verifyAfterExport(model, args, written[0], f);
                if (beforeReplace != null) beforeReplace.accept(written[0]);
            }, bytes(options));
            report.succeeded();
        } catch (RuntimeException | InternalError err) {
            RuntimeException e = changedInput(err);
            failed(report, options, e);
            throw e;
        }
        if (options.report() != null) report.write(options.report());
        if (!keep) return null;
        return new ExportResult(f, ExportFiles.modelFile(f, options.format()), options, written[0].inputNames(),
                written[0].atenGraph(), written[0].onnxGraph(), written[0].onnxNames(), report);
    }

    /**
     * {@code err} as the export throws it: a fault in reading a memory-mapped input (weights mapped from a safetensors
     * file that someone truncated meanwhile) becomes an OnnxExporterError naming the file ({@link MappedFiles}); other
     * errors stay as they are.
     */
    private static RuntimeException changedInput(Throwable err) {
        if (MappedFiles.isMappingFault(err)) return new OnnxExporterError(MappedFiles.explain(err), err);
        if (err instanceof RuntimeException r) return r;
        throw (Error) err;
    }

    /** Records a failed export in the report and writes it; a failure to write is attached to the export's error. */
    private static void failed(ExportReport report, ExportOptions options, RuntimeException err) {
        report.failed(err);
        if (options.report() == null) return;
        try {
            report.write(options.report());
        } catch (RuntimeException w) {
            err.addSuppressed(w);
        }
    }

    /**
     * Verifies an export made by {@link #exportWithResult} with the runtime verifier found by
     * {@link ExportModes#verifier()} and the default tolerances (see
     * {@link #verify(Module, ExportResult, Tensor[], VerificationService)}).
     */
    public static MultiSizeVerification verify(Module model, ExportResult export, Tensor[] inputs) {
        return verify(model, export, inputs, VerificationService.of(ExportModes.requireVerifier()));
    }

    /**
     * Verifies an export made by {@link #exportWithResult} with {@code service}: the runtime runs the file on
     * {@code inputs} (the example inputs of the export) and at other sizes of each dynamic axis, against
     * {@code model} run eagerly in the export's training mode; a failed run is followed by the search for the first
     * divergent node. Adds every run to the export's report, and writes the report again when the export wrote one.
     * For a ZIP export, give a result whose model file is the extracted model ({@link ExportResult#withModelFile}).
     */
    public static MultiSizeVerification verify(Module model, ExportResult export, Tensor[] inputs,
                                               VerificationService service) {
        MultiSizeVerification v = verifyRuns(model, export, inputs, service);
        if (export.options().report() != null) export.report().write(export.options().report());
        return v;
    }

    private static MultiSizeVerification verifyRuns(Module model, ExportResult export, Tensor[] inputs,
                                                    VerificationService service) {
        if (export.modelFile() == null) {
            throw new IllegalArgumentException("cannot verify " + export.file() + ": the model is inside an archive; "
                    + "export with format PROTOBUF_FILE or DIRECTORY, or verify the extracted model "
                    + "(ExportResult.withModelFile)");
        }
        TrainingMode training = export.options().training();
        VerificationTarget target = VerificationTarget.of(export.modelFile(), export.inputNames(), inputs,
                export.options().dynamicAxes(), in -> eager(model, training, in));
        if (export.atenGraph() != null) target = target.withTraced(export.traced());
        MultiSizeVerification v = service.verify(target);
        for (SizeRun r : v.runs()) export.report().addVerification(r.label(), r.report());
        return v;
    }

    /** Exports to a stream (left open): PROTOBUF_FILE or a ZIP format; weights embedded unless zipped. */
    public static void export(Module model, Tensor[] args, OutputStream out, ExportOptions options) {
        OptionsValidator.validate(options, args, null, true);
        ExportReport report = new ExportReport(options);
        try {
            Exported e = toOnnx(model, args, options, report, false);
            options.progress().phase(ExportProgress.Phase.SERIALIZATION);
            long t = System.nanoTime();
            OnnxWriter.Plan plan = OnnxWriter.plan(e.model, writerOptions(options), OnnxWriter.MODEL_ENTRY, true);
            OnnxWriter.write(plan, options.format(), out, bytes(options));
            report.phase(ExportProgress.Phase.SERIALIZATION, System.nanoTime() - t);
            report.sizes(e.model.initializers().size(), plan.modelBytes(), e.model.dataBytes());
            report.succeeded();
        } catch (RuntimeException | InternalError err) {
            RuntimeException e = changedInput(err);
            failed(report, options, e);
            throw e;
        }
        if (options.report() != null) report.write(options.report());
    }

    /** The writer's byte counts for the options' listener; null (nothing counted) when nobody listens. */
    private static OnnxWriter.Progress bytes(ExportOptions o) {
        ExportProgress p = o.progress();
        return p == ExportProgress.NONE ? null : p::bytes;
    }

    /** The exported ONNX graph as readable text (see {@link OnnxText}); nothing is written. */
    public static String exportToPrettyString(Module model, Tensor[] args, ExportOptions options) {
        OptionsValidator.validate(options, args, null, false);
        return OnnxText.print(toOnnx(model, args, options, new ExportReport(options), false).model);
    }

    /**
     * Checks {@code options} against the example inputs {@code args} and the target {@code f} as every export to
     * a path does first, without tracing or writing anything (for front ends that want to refuse bad options
     * early). Throws {@link OnnxExporterError} naming the option and the fault.
     */
    public static void validateOptions(ExportOptions options, Tensor[] args, Path f) {
        OptionsValidator.validate(options, args, f, false);
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

    /**
     * Registers {@code fn} as the symbolic function of {@code opName} from opset {@code sinceOpset} up, with the
     * rules of torch's {@code register_custom_op_symbolic}: the name is {@code namespace::op} (one {@code ::},
     * each side an identifier; the op may carry an overload, {@code aten::add.Tensor}, which then wins over a
     * registration of the plain name); {@code ::op} means {@code aten::op}; the {@code onnx} namespace cannot be
     * registered. It overrides the built-in symbolic function of the op at every opset from {@code sinceOpset}
     * up to the next registration of the same name; registering the same name and opset again replaces it.
     */
    public static void registerCustomOpSymbolic(String opName, int sinceOpset, SymbolicFunction fn) {
        if (fn == null) throw new OnnxExporterError("custom symbolic function for '" + opName + "' must not be null");
        CUSTOM_SYMBOLICS.register(customOpName(opName, sinceOpset), sinceOpset, fn);
    }

    /** Removes what {@link #registerCustomOpSymbolic} registered for {@code opName} and {@code sinceOpset} (same name rules). */
    public static void unregisterCustomOpSymbolic(String opName, int sinceOpset) {
        CUSTOM_SYMBOLICS.unregister(customOpName(opName, sinceOpset), sinceOpset);
    }

    private static final Pattern CUSTOM_OP_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*::[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** The checked name under which a custom symbolic is kept ({@code ::op} becomes {@code aten::op}). */
    private static String customOpName(String opName, int sinceOpset) {
        if (opName == null) throw new OnnxExporterError("custom symbolic name must not be null; use namespace::op, e.g. mydomain::myop");
        String name = opName.startsWith("::") ? "aten" + opName : opName;
        if (!CUSTOM_OP_NAME.matcher(name).matches()) {
            throw new OnnxExporterError("cannot register custom symbolic '" + opName + "': the name must be namespace::op "
                    + "(or ::op for aten), with exactly one '::', each side starting with a letter or '_' and holding only "
                    + "letters, digits and '_' (an overload may follow the op after a dot), e.g. mydomain::myop or ::gelu");
        }
        if (name.startsWith("onnx::")) {
            throw new OnnxExporterError("cannot register custom symbolic '" + opName + "': the onnx domain cannot be modified; "
                    + "register the op that is traced (aten::x or mydomain::x), not the ONNX operator it becomes");
        }
        if (sinceOpset < 1) {
            throw new OnnxExporterError("cannot register custom symbolic '" + opName + "' from opset " + sinceOpset
                    + ": the opset is the first default-domain opset the function applies to, at least 1");
        }
        return name;
    }

    /**
     * The lowered model; with {@code keep}, also the aten graph that entered lowering, the lowered graph and the
     * aten-to-ONNX name map (else those are null).
     */
    private record Exported(AssembledModel model, Graph atenGraph, Graph onnxGraph, Map<Value, String> onnxNames) {}

    private static Exported toOnnx(Module model, Tensor[] args, ExportOptions o, ExportReport report, boolean keep) {
        ExportMode mode = ExportModes.get(o.operatorExportType());
        // registrations made by other threads while this export runs do not change it
        CustomSymbolics customSymbolics = CUSTOM_SYMBOLICS.snapshot();
        List<String> inputNames = OptionsValidator.inputNames(o, args.length);
        boolean outer = IN_EXPORT.get();
        IN_EXPORT.set(true);
        try (TrainingModeScope scope = selectModelModeForExport(model, o.training())) {
            if (scope.training() && o.opsetVersion() < 12) {
                LOG.warn("exporting in training mode at opset {}: Dropout and BatchNormalization keep training "
                        + "behaviour fully only from opset 12", o.opsetVersion());
            }
            TraceOptions to = TraceOptions.defaults().withGraphName(GRAPH_NAME).withInputNames(inputNames)
                    .withOutputNames(o.outputNames()).withShapeOnly(o.shapeOnlyTrace()).withStrict(o.strict());
            ExportProgress progress = o.progress();
            progress.phase(ExportProgress.Phase.TRACE);
            long t = System.nanoTime();
            Graph g = Tracer.trace(model, to, args);
            markInputAxes(g, o);
            DynamicDims.mark(g, model, args, to);
            report.phase(ExportProgress.Phase.TRACE, System.nanoTime() - t);
            progress.phase(ExportProgress.Phase.CORE_PASSES);
            t = System.nanoTime();
            for (GraphPass p : CorePasses.forExport(o.effectiveConstantFolding())) {
                boolean changed = p.run(g);
                LOG.debug("core pass {}: {}", p.name(), changed ? "changed the graph" : "no change");
            }
            report.phase(ExportProgress.Phase.CORE_PASSES, System.nanoTime() - t);
            for (Node n : g.nodes()) if (!n.kind().startsWith("prim::")) report.atenNode(n.kind());
            ValueTracking tracking = keep ? ValueTracking.start(g) : null;
            progress.phase(ExportProgress.Phase.LOWERING);
            t = System.nanoTime();
            mode.lower(g, new LoweringContext(o.opsetVersion(), o.customOpsets(), scope.training(), customSymbolics));
            if (tracking != null) tracking.lowered(g);
            report.phase(ExportProgress.Phase.LOWERING, System.nanoTime() - t);
            progress.phase(ExportProgress.Phase.ONNX_PASSES);
            t = System.nanoTime();
            OnnxPasses.run(g, new OnnxPasses.Options(o.opsetVersion(), o.effectiveConstantFolding(),
                    o.effectiveKeepInitializersAsInputs() || !o.exportParams()));
            List<LocalFunction> functions = List.of();
            if (o.exportModulesAsFunctions()) {
                functions = FunctionExtraction.run(g, model, o.functionsForAllModules()
                        ? m -> m != model : m -> o.functionModules().contains(m.getClass()));
                OnnxCleanup.run(g);
            }
            nameOutputs(g, o);
            report.phase(ExportProgress.Phase.ONNX_PASSES, System.nanoTime() - t);
            if (o.verbose()) LOG.debug("exported graph (opset {}, {}):\n{}", o.opsetVersion(), o.operatorExportType(), GraphPrinter.print(g));
            progress.phase(ExportProgress.Phase.ASSEMBLY);
            t = System.nanoTime();
            AssembledModel m = ModelAssembler.assemble(g, writerOptions(o), functions);
            report.phase(ExportProgress.Phase.ASSEMBLY, System.nanoTime() - t);
            for (NodeProto n : m.skeleton().getGraph().getNodeList()) {
                report.onnxNode(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "::" + n.getOpType());
            }
            subgraphs(m.skeleton().getGraph(), "", report);
            for (Node n : g.nodes()) {
                if (n.kind().endsWith("::ATen") && n.attr("operator") instanceof String op) report.fallback("aten::" + op);
            }
            if (tracking == null) return new Exported(m, null, null, null);
            return new Exported(m, tracking.atenGraph(), g, tracking.onnxNames(g, m.skeleton().getGraph()));
        } finally {
            IN_EXPORT.set(outer);
        }
    }

    /** Reports the node count of every graph attribute (control-flow body), nested ones under their path. */
    private static void subgraphs(dev.onnxport.onnx.proto.GraphProto g, String prefix, ExportReport report) {
        for (NodeProto n : g.getNodeList()) {
            for (dev.onnxport.onnx.proto.AttributeProto a : n.getAttributeList()) {
                if (!a.hasG()) continue;
                String path = prefix + (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "." + a.getName();
                report.subgraph(path, a.getG().getNodeCount());
                subgraphs(a.getG(), path + " > ", report);
            }
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

    /** The tensor outputs of {@code model} run on {@code args} in {@code training} mode, flattened in order. */
    private static List<Tensor> eager(Module model, TrainingMode training, Tensor[] args) {
        try (TrainingModeScope ignored = selectModelModeForExport(model, training)) {
            return Tensors.flatten(model.invoke(args));
        }
    }

    /**
     * The export option {@code verify}: the runtime opens the model, then the verification service runs it at the
     * example size and at other sizes of each dynamic axis against the eager model; a mismatch is a CheckerError
     * that shows the runs and the first divergent node.
     */
    private static void verifyAfterExport(Module model, Tensor[] args, ExportResult export, Path target) {
        // the format has a model file: OptionsValidator checked it
        VerificationService service = VerificationService.of(ExportModes.requireVerifier());
        RuntimeVerifier rv = service.runtime();
        ExportProgress progress = export.options().progress();
        progress.phase(ExportProgress.Phase.CHECK);
        long t = System.nanoTime();
        rv.check(export.modelFile());
        export.report().phase(ExportProgress.Phase.CHECK, System.nanoTime() - t);
        progress.phase(ExportProgress.Phase.VERIFY);
        t = System.nanoTime();
        MultiSizeVerification v = verifyRuns(model, export, args, service);
        export.report().phase(ExportProgress.Phase.VERIFY, System.nanoTime() - t);
        if (!v.passed()) {
            String hint = v.divergence() == null && v.diagnosis() == null
                    ? "look for ops lowered differently at opset " + export.options().opsetVersion() : "";
            throw new CheckerError("the exported model " + target + " runs in " + rv.name() + " but its outputs "
                    + "differ from the eager model:\n" + v.summary() + hint);
        }
        LOG.debug("verified {} in {}:\n{}", target, rv.name(), v.summary());
    }
}
