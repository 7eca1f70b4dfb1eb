package dev.onnxport.cli;

import dev.onnxport.export.ExportModes;
import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.fixtures.ModelFixture;
import dev.onnxport.fixtures.OpCase;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.spi.OpsetRange;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.onnx.checker.Problem;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Temporaries;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The conformance run: each op fixture case exported alone at each opset with the ONNX lowering, checked
 * structurally and run in ONNX Runtime against PyTorch's outputs; then each model fixture at each opset from 9
 * with its dynamic axes, against io and io_alt. Prints a case x opset matrix and a last line with the counts.
 */
@Command(name = "conformance", header = "Export every op case and model fixture at each opset, run them in ONNX Runtime, print the matrix.",
        mixinStandardHelpOptions = true,
        description = "Export each op fixture case alone at each opset (type ONNX), check it (onnxport's structural checker and "
                + "the official ONNX checker with full check) and run it in "
                + "ONNX Runtime against PyTorch's outputs (rtol 1e-4, atol 1e-5, ints exact); then each model fixture at "
                + "each opset from 9 with its dynamic axes, against io and io_alt (scale-aware). Prints the case x opset "
                + "matrix ('.' pass, 'F' fail, 's' not expressible at that opset, '-' not run), the failures, and the last "
                + "line 'N passed, M failed, K skipped'. Exit 1 when anything failed. Without --ops and --models it runs the "
                + "two op suites ../shared/fixtures/ops and ../shared/fixtures/ops-more.",
        footer = {"", "Examples:",
                "  onnxport conformance",
                "  onnxport conformance --ops ../shared/fixtures/ops --ops ../shared/fixtures/ops-more --models ../shared/fixtures/models",
                "  onnxport conformance --ops ../shared/fixtures/ops --cases abs,conv2d_groups --opsets 9,13,17"})
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--ops", paramLabel = "DIR", description = {"op fixture suite, a folder with manifest.json; repeat for several",
            "suites (omit with --models to run models only; with neither, " + DEFAULT_OPS_ROOT + "/ops and "
                    + DEFAULT_OPS_ROOT + "/ops-more)"})
    List<Path> ops;

    /** The op suites run when neither --ops nor --models is given, relative to the working folder. */
    static final String DEFAULT_OPS_ROOT = "../shared/fixtures";

    @Option(names = "--models", paramLabel = "DIR", description = "model fixtures folder, one subfolder per model (omit to run ops only)")
    Path models;

    @Option(names = "--opsets", paramLabel = "RANGE", defaultValue = OpsetRange.FIRST_SUPPORTED + "-" + OpsetRange.LAST_SUPPORTED,
            description = "opsets, e.g. 7-26, 17 or 9,13,17 (default ${DEFAULT-VALUE})")
    String opsets;

    @Option(names = "--cases", paramLabel = "ID,...", split = ",", description = "only these op cases")
    Set<String> cases;

    @Option(names = "--only-models", paramLabel = "NAME,...", split = ",", description = "only these model folders")
    Set<String> onlyModels;

    @Spec CommandSpec spec;

    private static final int FIRST_MODEL_OPSET = 9;

    private enum Result { PASS, FAIL, SKIP, NOT_RUN }

    private final List<String> failures = new ArrayList<>();
    /** The current row's failures: one reason (with its opset written as N) -> the opsets that failed so. */
    private final Map<String, List<Integer>> rowFailures = new LinkedHashMap<>();
    private int passed, failed, skipped;
    private PrintWriter out;
    private Progress progress;
    /** Model outputs are compared scale-aware (the service's default), op cases elementwise (the op fixtures' rule). */
    private VerificationService modelVerification, opCaseVerification;
    private Path tmp;
    /** Why the last cell failed, for the failure list. */
    private String lastFault;

    @Override
    public Integer call() throws IOException {
        if (ops == null && models == null) ops = List.of(Path.of(DEFAULT_OPS_ROOT, "ops"), Path.of(DEFAULT_OPS_ROOT, "ops-more"));
        List<Integer> opsetList = parseOpsets(opsets);
        ExportModes.get(OperatorExportType.ONNX);  // fails listing the types present when ONNX is missing
        modelVerification = Verification.service();
        opCaseVerification = modelVerification.withPolicy(TolerancePolicy.elementwise());
        out = spec.commandLine().getOut();
        progress = Progress.on(spec.commandLine().getErr());
        tmp = Temporaries.createTempFolder("conformance");
        try {
            // the fixture case ids are at most 26 characters (35 with a second suite's "ops-more/" label); one width
            // keeps both matrices aligned
            int width = 2 + Math.max(ops != null && ops.size() > 1 ? 35 : 26, Stream.concat(cases == null ? Stream.empty() : cases.stream(),
                    onlyModels == null ? Stream.empty() : onlyModels.stream()).mapToInt(String::length).max().orElse(0));
            if (ops != null) runOps(opsetList, width);
            if (models != null) runModels(opsetList, width);
        } finally {
            Temporaries.delete(tmp);
        }
        progress.clear();
        if (!failures.isEmpty()) {
            out.println("failures:");
            for (String f : failures) out.println("  " + f);
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    // ---- op cases -------------------------------------------------------------------------------

    /**
     * Every case of every --ops suite. A row is named by the case id for the first suite and {@code FOLDER/ID} for the
     * others (ids repeat across suites); --cases takes either form.
     */
    private void runOps(List<Integer> opsetList, int width) {
        List<OpCase> selected = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Set<String> unknown = cases == null ? new TreeSet<>() : new TreeSet<>(cases);
        for (int k = 0; k < ops.size(); k++) {
            Path dir = ops.get(k);
            String prefix = k == 0 ? "" : dir.toAbsolutePath().normalize().getFileName() + "/";
            for (OpCase c : OpCase.load(dir)) {
                String label = prefix + c.id();
                unknown.remove(c.id());
                unknown.remove(label);
                if (cases == null || cases.contains(c.id()) || cases.contains(label)) {
                    selected.add(c);
                    labels.add(label);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--cases names unknown case(s) " + unknown + " of "
                    + String.join(", ", ops.stream().map(Path::toString).toList()));
        }
        header("op case", width, opsetList);
        int done = 0, total = selected.size() * opsetList.size();
        for (int i = 0; i < selected.size(); i++) {
            OpCase c = selected.get(i);
            Map<String, Tensor> tensors = c.tensors();
            StringBuilder row = new StringBuilder(pad(labels.get(i), width));
            for (int opset : opsetList) {
                progress.update(String.format("[ops %d/%d] %s at opset %d", ++done, total, labels.get(i), opset));
                row.append(cell(count(runOp(c, tensors, opset), opset)));
            }
            emit(row, labels.get(i));
        }
    }

    private Result runOp(OpCase c, Map<String, Tensor> tensors, int opset) {
        Path f = tmp.resolve(c.id() + "-opset" + opset + ".onnx");
        try {
            ExportOptions o = ExportOptions.builder().opsetVersion(opset).inputNames(c.inputNames())
                    .outputNames(c.outputNames()).build();
            Tensor[] in = c.inputs(tensors);
            Result exported = export(() -> OnnxExport.export(c.model(), in, f, o), opset);
            if (exported != Result.PASS) return exported;
            Map<String, Tensor> byName = new LinkedHashMap<>();
            for (int i = 0; i < in.length; i++) byName.put(c.inputNames().get(i), in[i]);
            return checkAndRun(f, List.of(new Run("", byName, c.expected(tensors))), opCaseVerification);
        } catch (RuntimeException e) {
            return fault(e);
        } finally {
            delete(f);
        }
    }

    // ---- models ---------------------------------------------------------------------------------

    private void runModels(List<Integer> opsetList, int width) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("model.json"))).sorted().toList();
        }
        if (dirs.isEmpty()) throw new IllegalArgumentException(models + " has no model fixture folders (each with a model.json)");
        List<Path> selected = new ArrayList<>();
        for (Path d : dirs) if (onlyModels == null || onlyModels.contains(d.getFileName().toString())) selected.add(d);
        if (onlyModels != null && selected.size() < onlyModels.size()) {
            Set<String> unknown = new TreeSet<>(onlyModels);
            dirs.forEach(d -> unknown.remove(d.getFileName().toString()));
            throw new IllegalArgumentException("--only-models names unknown model(s) " + unknown + " of " + models);
        }
        header("model", width, opsetList);
        for (Path d : selected) {
            String name = d.getFileName().toString();
            StringBuilder row = new StringBuilder(pad(name, width));
            LoadedModel m = null;
            List<Run> runs = null;
            for (int opset : opsetList) {
                if (opset < FIRST_MODEL_OPSET) {
                    row.append(cell(Result.NOT_RUN));
                    continue;
                }
                progress.update("[models] " + name + " at opset " + opset);
                Result r;
                Path f = tmp.resolve(name + "-opset" + opset + ".onnx");
                try {
                    if (m == null) {
                        m = LoadedModel.ofFixture(ModelFixture.read(d), null, java.util.Map.of());
                        runs = new ArrayList<>();
                        for (ModelFixture.Io io : m.fixture().ios()) runs.add(new Run(io.file().getFileName() + " ", io.inputs(), io.outputs()));
                    }
                    LoadedModel lm = m;
                    ExportOptions o = ExportOptions.builder().opsetVersion(opset).inputNames(lm.inputNames())
                            .outputNames(lm.outputNames()).dynamicAxes(new LinkedHashMap<>(lm.dynamicAxes())).build();
                    r = export(() -> OnnxExport.export(lm.module(), lm.inputs(), f, o), opset);
                    if (r == Result.PASS) r = checkAndRun(f, runs, modelVerification);
                } catch (RuntimeException e) {
                    r = fault(e);
                } finally {
                    delete(f);
                }
                row.append(cell(count(r, opset)));
            }
            emit(row, name);
        }
    }

    // ---- one export, check and run --------------------------------------------------------------

    /** Inputs and expected outputs of one run; {@code label} prefixes its faults. */
    private record Run(String label, Map<String, Tensor> inputs, List<Tensor> expected) {}

    /** PASS when the export worked, SKIP when every unsupported op is supported only from a later opset, else FAIL. */
    private Result export(Runnable export, int opset) {
        try {
            export.run();
            return Result.PASS;
        } catch (UnsupportedOperatorError e) {
            lastFault = e.getMessage();
            return notExpressible(e) ? Result.SKIP : Result.FAIL;
        }
    }

    private Result checkAndRun(Path f, List<Run> runs, VerificationService verification) {
        List<Problem> problems;
        long opset = 0;
        try (ModelFile mf = ModelFile.open(f)) {
            problems = StructuralChecker.check(mf.proto(), f.toAbsolutePath().getParent());
            for (var imp : mf.proto().getOpsetImportList()) if (imp.getDomain().isEmpty()) opset = imp.getVersion();
        }
        if (!problems.isEmpty()) {
            lastFault = "structural check: " + problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
            return Result.FAIL;
        }
        // The official checker (ONNX 1.17) knows opsets up to 22; above, the structural checker and ORT decide.
        String official = opset <= OfficialChecker.KNOWS_UP_TO_OPSET ? OfficialChecker.check(f) : null;
        if (official != null) {
            lastFault = "official ONNX checker: " + official.replace('\n', ' ');
            return Result.FAIL;
        }
        for (Run run : runs) {
            VerificationReport r = verification.compare(f, run.inputs(), run.expected());
            if (!r.passed()) {
                lastFault = run.label() + r.summary().strip();
                return Result.FAIL;
            }
        }
        return Result.PASS;
    }

    /**
     * True when every op the lowering's error lists converts only from an opset above the exported one: the call
     * cannot be expressed at this opset, which is a skip, not a failure.
     */
    static boolean notExpressible(UnsupportedOperatorError e) {
        return e.onlyLaterOpsetsWork();
    }

    private Result fault(RuntimeException e) {
        lastFault = e.getClass().getSimpleName() + ": " + e.getMessage();
        return Result.FAIL;
    }

    private Result count(Result r, int opset) {
        switch (r) {
            case PASS -> passed++;
            case SKIP -> skipped++;
            case FAIL -> {
                failed++;
                String why = Main.oneLine(String.valueOf(lastFault));
                rowFailures.computeIfAbsent(why.replace("opset " + opset, "opset N"), k -> new ArrayList<>()).add(opset);
            }
            default -> { }
        }
        lastFault = null;
        return r;
    }

    // ---- output ---------------------------------------------------------------------------------

    private void header(String title, int width, List<Integer> opsetList) {
        progress.clear();
        StringBuilder sb = new StringBuilder(pad(title, width));
        for (int o : opsetList) sb.append(String.format("%3d", o));
        out.println(sb);
        out.flush();
    }

    /** Prints a finished row and files its failures, one line per distinct reason with the opsets it hit. */
    private void emit(StringBuilder row, String what) {
        progress.clear();
        out.println(row);
        out.flush();
        rowFailures.forEach((why, at) -> {
            String line = what + " at opset" + (at.size() > 1 ? "s " : " ") + ranges(at) + ": " + why;
            failures.add(line.length() > 400 ? line.substring(0, 400) + " ..." : line);
        });
        rowFailures.clear();
    }

    /** {@code 7-12, 15} for a sorted list of opsets. */
    static String ranges(List<Integer> opsets) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < opsets.size(); i++) {
            int from = opsets.get(i);
            while (i + 1 < opsets.size() && opsets.get(i + 1) == opsets.get(i) + 1) i++;
            if (sb.length() > 0) sb.append(", ");
            sb.append(from == opsets.get(i) ? String.valueOf(from) : from + "-" + opsets.get(i));
        }
        return sb.toString();
    }

    private static String cell(Result r) {
        return switch (r) {
            case PASS -> "  .";
            case FAIL -> "  F";
            case SKIP -> "  s";
            case NOT_RUN -> "  -";
        };
    }

    private static String pad(String s, int width) { return String.format("%-" + width + "s", s); }

    private static void delete(Path f) {
        try (DirectoryStream<Path> data = Files.newDirectoryStream(f.toAbsolutePath().getParent(), p -> OnnxWriter.isDataFileOf(f, p))) {
            Files.deleteIfExists(f);
            for (Path d : data) Files.deleteIfExists(d);
        } catch (IOException ignored) {
            // the temporary folder is removed at the end anyway
        }
    }

    /** {@code 7-26}, {@code 17}, {@code 9,13,17} or a mix like {@code 7-9,13}; each in {@link OpsetRange#SUPPORTED}. */
    static List<Integer> parseOpsets(String spec) {
        Set<Integer> out = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            Matcher m = Pattern.compile("(\\d+)(?:-(\\d+))?").matcher(p);
            if (!m.matches()) throw new IllegalArgumentException("--opsets '" + spec + "' is not a list of opsets like 7-26 or 9,13,17");
            int from = Integer.parseInt(m.group(1)), to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from > to || !OpsetRange.SUPPORTED.contains(from) || !OpsetRange.SUPPORTED.contains(to)) {
                throw new IllegalArgumentException("--opsets '" + spec + "' must name opsets from " + OpsetRange.FIRST_SUPPORTED
                        + " to " + OpsetRange.LAST_SUPPORTED + ", low to high");
            }
            for (int o = from; o <= to; o++) out.add(o);
        }
        return new ArrayList<>(out);
    }
}
