package dev.onnxport.export;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.spi.OperatorExportType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options of {@link OnnxExport#export}, one for each argument of {@code torch.onnx.export}. Immutable;
 * made with {@link #builder()}. Values are checked when an export starts, before anything is traced or
 * written, and each fault is an {@link OnnxExporterError} naming the option and how to fix it.
 *
 * <p>Defaults follow torch: export params, not verbose, EVAL, opset 17, constant folding on, type ONNX,
 * one protobuf file, weights external only past 2 GiB.
 *
 * <p>Options of onnxport's own: {@link #verify()}, {@link #shapeOnlyTrace()}, {@link #strict()}, {@link #report()},
 * and {@link #progress()}, a listener of the export's phases and of the bytes written ({@link ExportProgress}), which
 * changes nothing in the file and which the API never renders itself.
 */
public final class ExportOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ExportOptions.class);

    /** The default opset, as torch's. */
    public static final int DEFAULT_OPSET = 17;

    private final boolean exportParams;
    private final boolean verbose;
    private final TrainingMode training;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final OperatorExportType operatorExportType;
    private final int opsetVersion;
    private final boolean doConstantFolding;
    private final Map<String, SortedMap<Integer, String>> dynamicAxes;
    private final Boolean keepInitializersAsInputs;
    private final Map<String, Integer> customOpsets;
    private final boolean functionsForAllModules;
    private final Set<Class<? extends Module>> functionModules;
    private final Boolean stripDocString;
    private final Boolean externalData;
    private final ExportFormat format;
    private final boolean verify;
    private final boolean shapeOnlyTrace;
    private final boolean strict;
    private final Path report;
    private final ExportProgress progress;

    private ExportOptions(Builder b) {
        exportParams = b.exportParams;
        verbose = b.verbose;
        training = b.training;
        inputNames = List.copyOf(b.inputNames);
        outputNames = List.copyOf(b.outputNames);
        operatorExportType = b.operatorExportType;
        opsetVersion = b.opsetVersion;
        doConstantFolding = b.doConstantFolding;
        Map<String, SortedMap<Integer, String>> axes = new LinkedHashMap<>();
        b.dynamicAxes.forEach((k, v) -> axes.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        dynamicAxes = Collections.unmodifiableMap(axes);
        keepInitializersAsInputs = b.keepInitializersAsInputs;
        customOpsets = Collections.unmodifiableMap(new TreeMap<>(b.customOpsets));
        functionsForAllModules = b.functionsForAllModules;
        functionModules = Collections.unmodifiableSet(new LinkedHashSet<>(b.functionModules));
        stripDocString = b.stripDocString;
        externalData = b.externalData;
        format = b.format;
        verify = b.verify;
        shapeOnlyTrace = b.shapeOnlyTrace;
        strict = b.strict;
        report = b.report;
        progress = b.progress;
    }

    public static Builder builder() { return new Builder(); }

    public static ExportOptions defaults() { return builder().build(); }

    /** A builder holding these options, to derive changed ones. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.exportParams = exportParams;
        b.verbose = verbose;
        b.training = training;
        b.inputNames = inputNames;
        b.outputNames = outputNames;
        b.operatorExportType = operatorExportType;
        b.opsetVersion = opsetVersion;
        b.doConstantFolding = doConstantFolding;
        dynamicAxes.forEach((k, v) -> b.dynamicAxes.put(k, new TreeMap<>(v)));
        b.keepInitializersAsInputs = keepInitializersAsInputs;
        b.customOpsets.putAll(customOpsets);
        b.functionsForAllModules = functionsForAllModules;
        b.functionModules.addAll(functionModules);
        b.stripDocString = stripDocString;
        b.externalData = externalData;
        b.format = format;
        b.verify = verify;
        b.shapeOnlyTrace = shapeOnlyTrace;
        b.strict = strict;
        b.report = report;
        b.progress = progress;
        return b;
    }

    public boolean exportParams() { return exportParams; }
    public boolean verbose() { return verbose; }
    public TrainingMode training() { return training; }
    public List<String> inputNames() { return inputNames; }
    public List<String> outputNames() { return outputNames; }
    public OperatorExportType operatorExportType() { return operatorExportType; }
    public int opsetVersion() { return opsetVersion; }
    public boolean doConstantFolding() { return doConstantFolding; }
    /** Dynamic axes by input or output name: axis -> symbolic dim name (list forms already given names). */
    public Map<String, SortedMap<Integer, String>> dynamicAxes() { return dynamicAxes; }
    /** As given: null means torch's None (see {@link #effectiveKeepInitializersAsInputs}). */
    public Boolean keepInitializersAsInputs() { return keepInitializersAsInputs; }
    public Map<String, Integer> customOpsets() { return customOpsets; }
    /** True when every module call is to be exported as a local function. */
    public boolean functionsForAllModules() { return functionsForAllModules; }
    /** The module classes to export as local functions (when not all). */
    public Set<Class<? extends Module>> functionModules() { return functionModules; }
    /** True when any module is to become a local function. */
    public boolean exportModulesAsFunctions() { return functionsForAllModules || !functionModules.isEmpty(); }
    /** As given: null means doc strings are kept only when verbose (torch 1.13+). */
    public Boolean stripDocString() { return stripDocString; }
    /** As given: null means external data only when the model would pass 2 GiB. */
    public Boolean externalData() { return externalData; }
    public ExportFormat format() { return format; }
    public boolean verify() { return verify; }
    /**
     * True when the model is traced with shapes only: inputs are meta tensors and arithmetic is skipped for
     * values derived from inputs (parameters keep their data, so constant folding is unchanged). The exported
     * file is the same; tracing is faster and needs no input data. Off by default.
     */
    public boolean shapeOnlyTrace() { return shapeOnlyTrace; }
    /**
     * True when converting a traced tensor computed from the inputs into a Java value during the trace ({@code item()},
     * {@code toLongArray()}, ...: its example value would be baked into the file) fails the export; otherwise it is
     * logged as a warning once per source line. Default false.
     */
    public boolean strict() { return strict; }
    /** Where the export report goes (see {@link ExportReport#write}), or null for none. */
    public Path report() { return report; }
    /**
     * Who hears of the export's phases and of the bytes written ({@link ExportProgress}); {@link ExportProgress#NONE}
     * by default. It changes nothing in the file or the report.
     */
    public ExportProgress progress() { return progress; }

    /**
     * torch's rule ({@code _decide_keep_init_as_input}): below opset 9 initializers are always graph inputs
     * (IR v3 requires it; an explicit false is ignored with a warning); otherwise an explicit value wins, and
     * None means false for type ONNX and true for every other type.
     */
    public boolean effectiveKeepInitializersAsInputs() {
        if (opsetVersion < 9) {
            if (Boolean.FALSE.equals(keepInitializersAsInputs)) {
                LOG.warn("keepInitializersAsInputs=false is ignored at opset {}: IR version 3 needs initializers "
                        + "listed as graph inputs", opsetVersion);
            }
            return true;
        }
        if (keepInitializersAsInputs != null) return keepInitializersAsInputs;
        return !operatorExportType.equals(OperatorExportType.ONNX);
    }

    /** torch's rule: constant folding applies to type ONNX only. */
    public boolean effectiveConstantFolding() {
        return doConstantFolding && operatorExportType.equals(OperatorExportType.ONNX);
    }

    /** Doc strings are stripped when asked, or by default when not verbose. */
    public boolean effectiveStripDocString() {
        return stripDocString != null ? stripDocString : !verbose;
    }

    /** Builds {@link ExportOptions}; setters mirror torch's argument names in camel case. */
    public static final class Builder {
        private boolean exportParams = true;
        private boolean verbose;
        private TrainingMode training = TrainingMode.EVAL;
        private List<String> inputNames = List.of();
        private List<String> outputNames = List.of();
        private OperatorExportType operatorExportType = OperatorExportType.ONNX;
        private int opsetVersion = DEFAULT_OPSET;
        private boolean doConstantFolding = true;
        private final Map<String, SortedMap<Integer, String>> dynamicAxes = new LinkedHashMap<>();
        private Boolean keepInitializersAsInputs;
        private final Map<String, Integer> customOpsets = new TreeMap<>();
        private boolean functionsForAllModules;
        private final Set<Class<? extends Module>> functionModules = new LinkedHashSet<>();
        private Boolean stripDocString;
        private Boolean externalData;
        private ExportFormat format = ExportFormat.PROTOBUF_FILE;
        private boolean verify;
        private boolean shapeOnlyTrace;
        private boolean strict;
        private Path report;
        private ExportProgress progress = ExportProgress.NONE;

        private Builder() {}

        public Builder exportParams(boolean b) { exportParams = b; return this; }
        public Builder verbose(boolean b) { verbose = b; return this; }
        public Builder training(TrainingMode m) { training = require(m, "training"); return this; }
        public Builder inputNames(String... names) { return inputNames(List.of(names)); }
        public Builder inputNames(List<String> names) { inputNames = List.copyOf(names); return this; }
        public Builder outputNames(String... names) { return outputNames(List.of(names)); }
        public Builder outputNames(List<String> names) { outputNames = List.copyOf(names); return this; }
        /** The mode to export with, by name; it must be available when the export starts (see {@link ExportModes}). */
        public Builder operatorExportType(OperatorExportType t) { operatorExportType = require(t, "operatorExportType"); return this; }
        public Builder opsetVersion(int v) { opsetVersion = v; return this; }
        public Builder doConstantFolding(boolean b) { doConstantFolding = b; return this; }

        /** Map form: {@code name -> {axis -> dim name}}. */
        public Builder dynamicAxes(String name, Map<Integer, String> axes) {
            dynamicAxes.put(require(name, "dynamicAxes key"), new TreeMap<>(axes));
            return this;
        }

        /**
         * List form: {@code name -> [axes]}; like torch, axis at list position k (from 0) is named
         * {@code <name>_dynamic_axes_<k+1>}, and a repeated axis keeps its first name.
         */
        public Builder dynamicAxes(String name, List<Integer> axes) {
            SortedMap<Integer, String> m = new TreeMap<>();
            for (int k = 0; k < axes.size(); k++) {
                Integer axis = require(axes.get(k), "dynamicAxes axis of '" + name + "'");
                if (m.containsKey(axis)) {
                    LOG.warn("dynamicAxes: axis {} of '{}' is given twice; the repeat is ignored", axis, name);
                } else {
                    m.put(axis, name + "_dynamic_axes_" + (k + 1));
                }
            }
            dynamicAxes.put(require(name, "dynamicAxes key"), m);
            return this;
        }

        /** torch's dict: each value is a {@code Map<Integer, String>} or a {@code List<Integer>}. */
        @SuppressWarnings("unchecked")
        public Builder dynamicAxes(Map<String, ?> axes) {
            for (Map.Entry<String, ?> e : axes.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> a : m.entrySet()) {
                        if (!(a.getKey() instanceof Integer) || !(a.getValue() instanceof String)) {
                            throw new OnnxExporterError("dynamicAxes['" + e.getKey() + "'] must map Integer axes to String "
                                    + "names, found " + a.getKey() + " -> " + a.getValue() + "; write e.g. Map.of(0, \"batch\")");
                        }
                    }
                    dynamicAxes(e.getKey(), (Map<Integer, String>) m);
                } else if (v instanceof List<?> l) {
                    for (Object a : l) {
                        if (!(a instanceof Integer)) {
                            throw new OnnxExporterError("dynamicAxes['" + e.getKey() + "'] lists " + a
                                    + ", which is not an Integer axis; write e.g. List.of(0, 2)");
                        }
                    }
                    dynamicAxes(e.getKey(), (List<Integer>) l);
                } else {
                    throw new OnnxExporterError("dynamicAxes['" + e.getKey() + "'] is a "
                            + (v == null ? "null" : v.getClass().getSimpleName())
                            + "; give a Map<Integer, String> (axis -> name) or a List<Integer> of axes");
                }
            }
            return this;
        }

        /** null: torch's None (see {@link ExportOptions#effectiveKeepInitializersAsInputs}). */
        public Builder keepInitializersAsInputs(Boolean b) { keepInitializersAsInputs = b; return this; }
        public Builder customOpset(String domain, int version) { customOpsets.put(require(domain, "customOpsets domain"), version); return this; }
        public Builder customOpsets(Map<String, Integer> m) { customOpsets.clear(); customOpsets.putAll(m); return this; }
        /** true: every module call becomes a local function (opset 15+). */
        public Builder exportModulesAsFunctions(boolean all) { functionsForAllModules = all; return this; }
        /** Calls of these module classes become local functions (opset 15+). */
        public Builder exportModulesAsFunctions(Set<Class<? extends Module>> classes) {
            functionModules.clear();
            functionModules.addAll(classes);
            return this;
        }
        /** null: doc strings are kept only when verbose. */
        public Builder stripDocString(Boolean b) { stripDocString = b; return this; }
        /** null: external data only when the model would pass 2 GiB. */
        public Builder externalData(Boolean b) { externalData = b; return this; }
        public Builder format(ExportFormat f) { format = require(f, "format"); return this; }
        /**
         * After writing, verify the model in the runtime verifier (needs module dev.onnxport.ort) against the eager
         * model, at the example size and at other sizes of each dynamic axis, outputs compared scale-aware; see
         * {@link OnnxExport#verify(dev.onnxport.nn.Module, ExportResult, dev.onnxport.tensor.Tensor[])}.
         */
        public Builder verify(boolean b) { verify = b; return this; }
        /** Trace with shapes only (see {@link ExportOptions#shapeOnlyTrace}); default false. */
        public Builder shapeOnlyTrace(boolean b) { shapeOnlyTrace = b; return this; }
        /** See {@link ExportOptions#strict}; default false. */
        public Builder strict(boolean b) { strict = b; return this; }
        /**
         * Writes an {@link ExportReport} after the export, also when it fails: {@code report.json} / {@code report.md}
         * name one file and the other gets the other extension; any other path gets both {@code .json} and
         * {@code .md} appended. null (the default): no report.
         */
        public Builder report(Path p) { report = p; return this; }
        /**
         * Tells {@code p} when each phase of the export starts and, while the file is written, how many of its bytes
         * are written (see {@link ExportProgress}: on the exporting thread, about every 4 MiB), e.g. for a progress
         * bar; the API itself never prints. Default {@link ExportProgress#NONE}.
         */
        public Builder progress(ExportProgress p) { progress = require(p, "progress"); return this; }

        public ExportOptions build() { return new ExportOptions(this); }

        private static <T> T require(T v, String what) {
            if (v == null) throw new OnnxExporterError(what + " must not be null");
            return v;
        }
    }
}
