package dev.onnxport.cli;

import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.export.TrainingMode;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.VerificationService;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.util.Names;
import dev.onnxport.zoo.hf.HfModel;
import dev.onnxport.zoo.hf.HfModels;
import dev.onnxport.zoo.hf.HfVerification;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Builds a bundled or fixture model, exports it to ONNX, checks it, and optionally verifies it in ONNX Runtime. */
@Command(name = "export", header = "Export a model to ONNX, check it, and optionally verify it in ONNX Runtime.",
        mixinStandardHelpOptions = true,
        description = "Export a bundled model, a fixture's, or a Hugging Face folder (--hf: a decoder with its "
                + "key/value cache in Optimum's names) to ONNX, check it structurally, and with --verify "
                + "run it in ONNX Runtime against the eager outputs, at the example size and at two other sizes of "
                + "each dynamic axis, and against a fixture's PyTorch outputs. Outputs are compared scale-aware: "
                + "max|err| <= 1e-5 + 1e-4 * max|expected| (float32); a mismatch names the first divergent node.",
        footer = {"", "Examples:", "  onnxport export --model gpt2-tiny --verify -o gpt2-tiny.onnx",
                "  onnxport export --fixture ../shared/fixtures/models/resnet18 --opset 13 --verify -o resnet18.onnx",
                "  onnxport export --model mlp --dynamic x:0=batch --format zip -o mlp.zip",
                "  onnxport export --hf ../shared/fixtures/hf/llama-tiny --verify -o llama.onnx"})
final class ExportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource source;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--weights", paramLabel = "FILE", description = "safetensors state dict with PyTorch names")
    Path weights;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "17", description = "opset version, "
            + OpsetRange.FIRST_SUPPORTED + " to " + OpsetRange.LAST_SUPPORTED + " (default ${DEFAULT-VALUE})")
    int opset;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "ONNX", converter = ExportTypes.Converter.class,
            completionCandidates = ExportTypes.Available.class,
            description = "operator export type: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    OperatorExportType type;

    @Option(names = "--dynamic", paramLabel = "INPUT:AXIS=NAME", converter = AxisConverter.class,
            description = "a dynamic axis (repeatable); replaces the model's own dynamic axes")
    List<DynamicAxis> dynamic = new ArrayList<>();

    @Option(names = "--no-cache", description = "with --hf: export a decoder's plain forward (input_ids, attention_mask, "
            + "position_ids to logits) instead of the graph with the key/value cache")
    boolean noCache;

    // ---- torch.onnx.export's options, same meaning and default ----

    @Option(names = "--export-params", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "export_params: store the weights in the file (default); --no-export-params makes them graph inputs")
    boolean exportParams;

    @Option(names = "--verbose", description = "verbose: print the exported graph in text form to stderr, and keep doc strings")
    boolean verbose;

    @Option(names = "--strict", description = "fail when the model turns a traced tensor into a Java value during the trace "
            + "(item(), toLongArray(), ...: the example's value would be baked into the file); without it, a warning per source line")
    boolean strict;

    @Option(names = "--training", paramLabel = "MODE", defaultValue = "EVAL",
            description = "training: EVAL (default), PRESERVE or TRAINING (dropout and batch-norm statistics stay on)")
    TrainingMode training;

    @Option(names = "--input-names", paramLabel = "NAMES", split = ",",
            description = "input_names: the graph inputs' names, in order (default: the model's own)")
    List<String> inputNames;

    @Option(names = "--output-names", paramLabel = "NAMES", split = ",",
            description = "output_names: the graph outputs' names, in order (default: the model's own)")
    List<String> outputNames;

    @Option(names = "--constant-folding", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "do_constant_folding: fold constant subgraphs, e.g. a Linear weight's Transpose (default); "
                    + "--no-constant-folding leaves them in the graph")
    boolean constantFolding;

    @Option(names = "--keep-initializers-as-inputs", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "keep_initializers_as_inputs: list the initializers among the graph inputs too (default as torch: "
                    + "false for ONNX, true for the other types)")
    Boolean keepInitializersAsInputs;

    @Option(names = "--custom-opset", paramLabel = "DOMAIN=VERSION", converter = CustomOpsetConverter.class,
            description = "custom_opsets: the version of a custom domain (repeatable)")
    List<CustomOpset> customOpsets = new ArrayList<>();

    @Option(names = "--export-modules-as-functions", paramLabel = "CLASSES", arity = "0..1", fallbackValue = "*", split = ",",
            description = "export_modules_as_functions: every module call (no value), or the calls of these module "
                    + "classes by simple name (e.g. TransformerBlock,Linear), become model-local functions (opset 15+)")
    List<String> functionModules;

    @Option(names = "--strip-doc-string", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "strip_doc_string: drop the nodes' doc strings (source lines); default: stripped unless --verbose")
    Boolean stripDocString;

    @Option(names = "--external-data", description = "write the weights to a data file OUT.ID.data beside the model "
            + "(ID new for every export)")
    boolean externalData;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "protobuf", converter = FormatConverter.class,
            description = "protobuf, zip, compressed-zip or directory (default ${DEFAULT-VALUE})")
    ExportFormat format;

    @Option(names = "--verify", description = "run the model in ONNX Runtime and compare with the eager outputs at "
            + "several sizes (and a fixture's PyTorch outputs)")
    boolean verify;

    @Option(names = "--allow-nonfinite", description = "with --verify: let outputs hold NaN or Inf where the eager "
            + "model and the runtime agree element by element (by default any NaN/Inf output fails)")
    boolean allowNonFinite;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write an export report: FILE.json and FILE.md (or the one named .json/.md and its twin)")
    Path report;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "the file (or folder) to write")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        Progress progress = Progress.on(spec.commandLine().getErr());
        VerificationService service = verify ? Verification.service() : null;
        if (service != null && allowNonFinite) service = service.withPolicy(service.policy().allowNonFinite(true));
        RuntimeVerifier rv = verify ? service.runtime() : null;

        checkFiles();
        if (source.hf != null) return exportHf(pw, progress, service);
        if (noCache) throw new IllegalArgumentException("--no-cache applies to a Hugging Face decoder (--hf DIR) only");
        progress.show("building the model ...");
        LoadedModel m = source.load(weights, config.settings);
        java.util.concurrent.CompletableFuture<String> nonFinite = null;
        if (weights != null || source.fixture != null) {
            if (verify) {
                // verification may fail on those values: say so before it runs
                progress.show("reading the weights (NaN and Inf) ...");
                printWarning(progress, m.nonFiniteWarning(progress));
            } else {
                // nothing waits for the check: it reads the weights on the other core while the export runs
                nonFinite = m.nonFiniteWarningInBackground();
            }
        }
        // Without --verify nothing needs the trace's values: trace shapes only (no arithmetic over the weights).
        // The file is the same either way (tools/export-hashes.sh; ModelExportTest.shapeOnlyTraceGivesTheSameFile).
        // the phases and the bytes written reach the progress line (nothing is counted when it is off)
        ExportOptions options = options(m.module(), m.inputNames(), m.outputNames(), m.dynamicAxes())
                .toBuilder().shapeOnlyTrace(!verify).progress(progress.exporting(m.factory().name(), out)).build();

        long t0 = System.nanoTime();
        VerificationService svc = service;
        if (nonFinite != null) {
            java.util.concurrent.CompletableFuture<String> scan = nonFinite;
            try {
                return exportThenPrint(pw, progress, rv, exportModel(m, options, t0, svc, progress));
            } finally {
                printWarning(progress, scan.join());
            }
        }
        return exportThenPrint(pw, progress, rv, exportModel(m, options, t0, svc, progress));
    }

    private void printWarning(Progress progress, String warning) {
        if (warning == null) return;
        progress.clear();
        spec.commandLine().getErr().println("onnxport: warning: " + warning);
    }

    /** The export of a bundled or plug-in model, checking (and with --verify verifying) its file before it replaces -o. */
    private java.util.function.BiConsumer<PrintWriter, boolean[]> exportModel(LoadedModel m, ExportOptions options,
                                                                             long t0, VerificationService svc,
                                                                             Progress progress) {
        return (buffered, ok) -> {
            if (verify || verbose) {
                OnnxExport.exportWithResult(m.module(), m.inputs(), out, options, r -> {
                    if (verbose) printGraph(progress, r);
                    ok[0] = inspect(r.file(), verify ? r : null, m, (System.nanoTime() - t0) / 1e9, svc, buffered, progress);
                });
            } else {
                OnnxExport.export(m.module(), m.inputs(), out, options,
                        f -> ok[0] = inspect(f, null, m, (System.nanoTime() - t0) / 1e9, null, buffered, progress));
            }
        };
    }

    /**
     * Runs {@code export}, whose before-replace hook checks (and with --verify verifies) this process's own files
     * and prints into a buffer: another process may replace -o at any moment, so the lines wait until the file is in
     * place, where they say it is. Sets {@code ok[0]} false for a mismatch; then one line on stderr and exit code 1.
     */
    private int exportThenPrint(PrintWriter pw, Progress progress, RuntimeVerifier rv,
                                java.util.function.BiConsumer<PrintWriter, boolean[]> export) {
        StringWriter lines = new StringWriter();
        PrintWriter buffered = new PrintWriter(lines);
        boolean[] ok = {true};
        try {
            export.accept(buffered, ok);
        } finally {
            progress.clear();
            buffered.flush();
            pw.print(lines);
            pw.flush();
        }
        if (!ok[0]) {
            spec.commandLine().getErr().println("onnxport: " + out + " computes different outputs in " + rv.name()
                    + " (see the MISMATCH lines above)");
            return 1;
        }
        return 0;
    }

    /**
     * Checks the file an export wrote ({@code written}: the model's temporary file, or the temporary archive) and,
     * with a result, verifies it; prints the summary line and the runs to {@code pw}. True when verification passed
     * (or was not asked for).
     */
    private boolean inspect(Path written, ExportResult result, LoadedModel m, double seconds, VerificationService service,
                            PrintWriter pw, Progress progress) {
        boolean ok = true;
        try (ModelFile file = ModelFile.open(written)) {
            checkAndSummarize(file, m.factory().name(), seconds, pw, progress);
            if (result != null) {
                RuntimeVerifier rv = service.runtime();
                progress.show("verifying in " + rv.name() + " against the eager model ...");
                // file.onnx() is the model file itself, or for a zip archive the model extracted from it
                MultiSizeVerification v = OnnxExport.verify(m.module(), result.withModelFile(file.onnx()), m.inputs(),
                        service);
                progress.clear();
                ok = Verification.print(pw, v);
                if (m.fixture() != null) {
                    progress.show("comparing with the fixture's PyTorch outputs ...");
                    boolean same = Verification.againstFixture(service, file.onnx(), m.fixture(), pw);
                    progress.clear();
                    ok &= same;
                }
                pw.println(ok ? "verified in " + rv.name() : "verification FAILED in " + rv.name());
            }
        }
        return ok;
    }

    /** {@code --verbose}: the exported graph in onnxport's text form, on stderr (as torch prints its graph). */
    private void printGraph(Progress progress, ExportResult result) {
        progress.clear();
        spec.commandLine().getErr().println(dev.onnxport.ir.GraphPrinter.print(result.onnxGraph()));
        spec.commandLine().getErr().flush();
    }

    /**
     * Exports a Hugging Face folder: a decoder with its key/value cache (Optimum's names) unless {@code --no-cache},
     * an encoder as it is; with {@code --verify}, {@link HfVerification}'s checks against the eager twin and the
     * folder's PyTorch outputs.
     */
    private int exportHf(PrintWriter pw, Progress progress, VerificationService service) {
        if (weights != null) throw new IllegalArgumentException("--weights does not apply to --hf: the folder holds the weights");
        if (!config.settings.isEmpty()) throw new IllegalArgumentException("--config does not apply to --hf: the folder's config.json sets the sizes");
        progress.show("reading " + source.hf + " ...");
        try (HfModel hf = HfModels.load(source.hf)) {
            boolean cache = hf.isDecoder() && !noCache;
            if (noCache && !hf.isDecoder()) {
                throw new IllegalArgumentException("--no-cache applies to decoders; " + hf.architecture() + " has no cache");
            }
            // shapes only: nothing needs the trace's values (verification runs the twin itself), and a large model then
            // exports without an eager pass over its weights; the file is the same (HfExportTest)
            ExportOptions options = options(hf.module(), hf.inputNames(cache), hf.outputNames(cache), hf.dynamicAxes(cache))
                    .toBuilder().shapeOnlyTrace(true).progress(progress.exporting(hf.architecture(), out)).build();
            long t0 = System.nanoTime();
            // as for bundled models: check and verify this export's own file before it replaces -o
            return exportThenPrint(pw, progress, verify ? service.runtime() : null, (buffered, ok) -> {
                if (verbose) {
                    OnnxExport.exportWithResult(hf.module(), hf.exampleInputs(cache), out, options, r -> {
                        printGraph(progress, r);
                        ok[0] = inspectHf(r.file(), hf, cache, (System.nanoTime() - t0) / 1e9, service, buffered, progress);
                    });
                } else {
                    OnnxExport.export(hf.module(), hf.exampleInputs(cache), out, options,
                            f -> ok[0] = inspectHf(f, hf, cache, (System.nanoTime() - t0) / 1e9, service, buffered, progress));
                }
            });
        }
    }

    /** The structural check of the written file, then the one summary line: {@code exported WHAT to OUT: opset ...}. */
    private void checkAndSummarize(ModelFile file, String what, double seconds, PrintWriter pw, Progress progress) {
        progress.show("checking ...");
        ModelProto proto = file.proto();
        StructuralChecker.checkOrThrow(proto, file.onnx().toAbsolutePath().getParent());
        progress.clear();
        pw.printf("exported %s to %s: opset %d, %s, %d nodes, %d initializers, %,d bytes, %.2f s%n",
                what, out, opset, type, proto.getGraph().getNodeCount(), proto.getGraph().getInitializerCount(),
                file.bytesOnDisk(), seconds);
    }

    /** {@link #inspect} for a Hugging Face export: the structural check, then {@link HfVerification} with --verify. */
    private boolean inspectHf(Path written, HfModel hf, boolean cache, double seconds, VerificationService service, PrintWriter pw,
                              Progress progress) {
        boolean ok = true;
        try (ModelFile file = ModelFile.open(written)) {
            checkAndSummarize(file, source.hf + " (" + hf.architecture() + (cache ? ", with cache" : "") + ")", seconds, pw, progress);
            if (verify) {
                progress.show("verifying in " + service.runtime().name() + " against the eager twin ...");
                // pw is a buffer printed after the export: the progress line stays until verification ends
                ok = HfVerification.verify(hf, file.onnx(), cache, service, pw::println);
                progress.clear();
                pw.println(ok ? "verified in " + service.runtime().name() : "verification FAILED in " + service.runtime().name());
            }
        }
        return ok;
    }

    /**
     * Refuses, before anything is read or written, outputs ({@code -o}, its {@code .data}, the {@code --report}
     * files) that would replace an input (the weights, the fixture's files) or one another.
     */
    private void checkFiles() {
        Map<Path, String> inputs = new LinkedHashMap<>();
        if (weights != null) inputs.put(weights, "--weights file");  // LoadedModel refuses one that is not a file
        if (source.hf != null) HfModels.inputFiles(source.hf).forEach(f -> inputs.put(f, "Hugging Face folder's " + f.getFileName()));
        if (source.fixture != null) {
            for (String f : List.of("model.json", "weights.safetensors", "io.safetensors", "io_alt.safetensors")) {
                inputs.put(source.fixture.resolve(f), "fixture's " + f);
            }
        }
        OnnxExport.checkOutputs(out, options(List.of(), List.of(), Map.of()), inputs);
    }

    /**
     * The export options this command's arguments ask for, for a model with these input and output names and
     * dynamic axes of its own (which {@code --dynamic} replaces). Nothing is checked against the model here:
     * the exporter does that ({@code OnnxExporterError}); malformed values were refused while parsing.
     */
    ExportOptions options(List<String> modelInputs, List<String> modelOutputs, Map<String, Map<Integer, String>> modelAxes) {
        List<String> ins = inputNames != null ? inputNames : modelInputs;
        List<String> outs = outputNames != null ? outputNames : modelOutputs;
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).operatorExportType(type)
                .inputNames(ins).outputNames(outs).format(format).exportParams(exportParams).verbose(verbose)
                .training(training).doConstantFolding(constantFolding).keepInitializersAsInputs(keepInitializersAsInputs)
                .stripDocString(stripDocString).strict(strict);
        for (CustomOpset c : customOpsets) b.customOpset(c.domain(), c.version());
        if (functionModules != null && functionModules.contains("*")) b.exportModulesAsFunctions(true);
        // the model's own axes follow its inputs and outputs when --input-names / --output-names rename them
        b.dynamicAxes(new LinkedHashMap<>(dynamic.isEmpty() ? renamed(modelAxes, modelInputs, ins, modelOutputs, outs) : axes(dynamic)));
        if (externalData) b.externalData(true);
        if (report != null) b.report(report);
        return b.build();
    }

    /** The export options for {@code model}: {@link #options} plus the module classes {@code --export-modules-as-functions} names. */
    ExportOptions options(dev.onnxport.nn.Module model, List<String> ins, List<String> outs, Map<String, Map<Integer, String>> axes) {
        ExportOptions o = options(ins, outs, axes);
        if (functionModules == null || functionModules.contains("*")) return o;
        Map<String, Class<? extends dev.onnxport.nn.Module>> classes = new TreeMap<>();
        for (dev.onnxport.nn.Module m : model.namedModules().values()) classes.put(m.getClass().getSimpleName(), m.getClass());
        java.util.Set<Class<? extends dev.onnxport.nn.Module>> chosen = new java.util.LinkedHashSet<>();
        for (String n : functionModules) {
            Class<? extends dev.onnxport.nn.Module> c = classes.get(n.trim());
            if (c == null) {
                throw new IllegalArgumentException("--export-modules-as-functions names '" + Names.quote(n.trim())
                        + "', which is not a module class of this model; its classes are " + String.join(", ", classes.keySet()));
            }
            chosen.add(c);
        }
        return o.toBuilder().exportModulesAsFunctions(chosen).build();
    }

    private static Map<String, Map<Integer, String>> renamed(Map<String, Map<Integer, String>> axes, List<String> oldIns,
                                                            List<String> newIns, List<String> oldOuts, List<String> newOuts) {
        Map<String, Map<Integer, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, String>> e : axes.entrySet()) {
            int i = oldIns.indexOf(e.getKey()), o = oldOuts.indexOf(e.getKey());
            String name = i >= 0 && i < newIns.size() ? newIns.get(i) : o >= 0 && o < newOuts.size() ? newOuts.get(o) : e.getKey();
            out.put(name, e.getValue());
        }
        return out;
    }

    /** One {@code --custom-opset DOMAIN=VERSION}. */
    record CustomOpset(String domain, int version) {}

    static final class CustomOpsetConverter implements ITypeConverter<CustomOpset> {
        private static final Pattern OPSET = Pattern.compile("([A-Za-z0-9_.\\-]+)=(\\d{1,9})");

        @Override
        public CustomOpset convert(String v) {
            Matcher mt = OPSET.matcher(v);
            if (!mt.matches()) throw new TypeConversionException("'" + v + "' is not DOMAIN=VERSION, e.g. com.example=1");
            return new CustomOpset(mt.group(1), Integer.parseInt(mt.group(2)));
        }
    }

    /** The axes by input, in the order given; the same input and axis given twice is an error. */
    static Map<String, Map<Integer, String>> axes(List<DynamicAxis> specs) {
        Map<String, Map<Integer, String>> axes = new LinkedHashMap<>();
        for (DynamicAxis a : specs) {
            String before = axes.computeIfAbsent(a.input(), k -> new TreeMap<>()).putIfAbsent(a.axis(), a.name());
            if (before != null) {
                throw new OnnxExporterError("--dynamic gives axis " + a.axis() + " of input '" + Names.quote(a.input())
                        + "' twice ('" + Names.quote(before) + "' and '" + Names.quote(a.name()) + "'); give each axis once");
            }
        }
        return axes;
    }

    /** One {@code --dynamic INPUT:AXIS=NAME}. */
    record DynamicAxis(String input, int axis, String name) {}

    /** Parses {@code INPUT:AXIS=NAME} while the arguments are parsed, so that a bad one is a usage error. */
    static final class AxisConverter implements ITypeConverter<DynamicAxis> {
        private static final Pattern AXIS = Pattern.compile("([^:=]+):(\\d+)=(\\S+)");

        @Override
        public DynamicAxis convert(String v) {
            Matcher mt = AXIS.matcher(v);
            if (!mt.matches()) throw new TypeConversionException("'" + v + "' is not INPUT:AXIS=NAME, e.g. x:0=batch");
            try {
                return new DynamicAxis(mt.group(1), Integer.parseInt(mt.group(2)), mt.group(3));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + v + "': axis " + mt.group(2) + " is far past any tensor's rank");
            }
        }
    }

    /** The design's lower-case format names. */
    static final class FormatConverter implements ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String v) {
            return switch (v) {
                case "protobuf" -> ExportFormat.PROTOBUF_FILE;
                case "zip" -> ExportFormat.ZIP_ARCHIVE;
                case "compressed-zip" -> ExportFormat.COMPRESSED_ZIP_ARCHIVE;
                case "directory" -> ExportFormat.DIRECTORY;
                default -> throw new TypeConversionException("'" + v + "' is not a format; use protobuf, zip, compressed-zip or directory");
            };
        }
    }
}
