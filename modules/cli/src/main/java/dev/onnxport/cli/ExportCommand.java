package dev.onnxport.cli;

import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.ExportResult;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.verify.MultiSizeVerification;
import dev.onnxport.verify.VerificationService;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.util.Names;
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
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a bundled model (or a fixture's) to ONNX, check it structurally, and with --verify",
                "run it in ONNX Runtime against the eager outputs, at the example size and at two other sizes of",
                "each dynamic axis, and against a fixture's PyTorch outputs. Outputs are compared scale-aware:",
                "max|err| <= 1e-5 + 1e-4 * max|expected| (float32); a mismatch names the first divergent node."},
        footer = {"", "Examples:", "  onnxport export --model gpt2-tiny --verify -o gpt2-tiny.onnx",
                "  onnxport export --fixture ../shared/fixtures/models/resnet18 --opset 13 --verify -o resnet18.onnx",
                "  onnxport export --model mlp --dynamic x:0=batch --format zip -o mlp.zip"})
final class ExportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource source;

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
        progress.show("building the model ...");
        LoadedModel m = source.load(weights);
        String warning = weights != null || source.fixture != null ? m.nonFiniteWarning() : null;
        if (warning != null) {
            progress.clear();
            spec.commandLine().getErr().println("onnxport: warning: " + warning);
        }
        ExportOptions options = options(m.inputNames(), m.outputNames(), m.dynamicAxes());

        progress.show("exporting " + m.factory().name() + " (trace, lower, write) ...");
        long t0 = System.nanoTime();
        // The check and the runtime read this export's own files before they replace -o: another process may
        // replace -o at any moment. The lines wait until the file is in place, where they say it is.
        StringWriter lines = new StringWriter();
        PrintWriter buffered = new PrintWriter(lines);
        boolean[] ok = {true};
        VerificationService svc = service;
        try {
            if (verify) {
                OnnxExport.exportWithResult(m.module(), m.inputs(), out, options,
                        r -> ok[0] = inspect(r.file(), r, m, (System.nanoTime() - t0) / 1e9, svc, buffered, progress));
            } else {
                OnnxExport.export(m.module(), m.inputs(), out, options,
                        f -> ok[0] = inspect(f, null, m, (System.nanoTime() - t0) / 1e9, null, buffered, progress));
            }
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
            progress.show("checking ...");
            ModelProto proto = file.proto();
            StructuralChecker.checkOrThrow(proto, file.onnx().toAbsolutePath().getParent());
            progress.clear();
            pw.printf("exported %s to %s: opset %d, %s, %d nodes, %d initializers, %,d bytes, %.2f s%n",
                    m.factory().name(), out, opset, type, proto.getGraph().getNodeCount(),
                    proto.getGraph().getInitializerCount(), file.bytesOnDisk(), seconds);
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

    /**
     * Refuses, before anything is read or written, outputs ({@code -o}, its {@code .data}, the {@code --report}
     * files) that would replace an input (the weights, the fixture's files) or one another.
     */
    private void checkFiles() {
        Map<Path, String> inputs = new LinkedHashMap<>();
        if (weights != null) inputs.put(weights, "--weights file");  // LoadedModel refuses one that is not a file
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
    ExportOptions options(List<String> inputNames, List<String> outputNames, Map<String, Map<Integer, String>> modelAxes) {
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).operatorExportType(type)
                .inputNames(inputNames).outputNames(outputNames).format(format);
        b.dynamicAxes(new LinkedHashMap<>(dynamic.isEmpty() ? modelAxes : axes(dynamic)));
        if (externalData) b.externalData(true);
        if (report != null) b.report(report);
        return b.build();
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
