package dev.onnxport.export;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.util.AtomicFile;
import dev.onnxport.util.Json;
import dev.onnxport.verify.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one export did, for tools (JSON) and people (Markdown): status, options, opset, op histograms of the graph
 * entering lowering (aten, after the core passes) and of the written model (ONNX op types, {@code domain::op} outside
 * the default domain), ATen fallbacks taken, unsupported ops when the export failed, node and initializer counts of
 * the written main graph, bytes, milliseconds per phase and verification results.
 *
 * <p>Phases, in order, each present only when it ran: {@code trace}, {@code core_passes}, {@code lowering},
 * {@code onnx_passes} (cleanup and output naming), {@code assembly} (IR to protobuf), {@code serialization}
 * (writing), {@code check} (the runtime opens the model) and {@code verify} (runtime vs eager).
 *
 * <p>Written by {@link OnnxExport} when {@link ExportOptions#report()} is set; see {@link #write(Path)} for the file
 * names. Verifiers may {@link #addVerification add} further results and write it again.
 */
public final class ExportReport {
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final int opset;
    private final String exportType;
    private String status = "running";
    private String error;
    private final Map<String, Double> phasesMs = new LinkedHashMap<>();
    private final SortedMap<String, Integer> atenHistogram = new TreeMap<>();
    private final SortedMap<String, Integer> onnxHistogram = new TreeMap<>();
    private final SortedMap<String, Integer> fallbacks = new TreeMap<>();
    private final Map<String, Integer> unsupported = new LinkedHashMap<>();
    private int atenNodes, onnxNodes, initializers;
    /** Node counts of the bodies of control-flow nodes (If branches, Loop and Scan bodies), by path. */
    private final Map<String, Integer> subgraphs = new LinkedHashMap<>();
    private long modelBytes, initializerBytes, fileBytes;
    private String file;
    private final List<Map<String, Object>> verifications = new ArrayList<>();

    ExportReport(ExportOptions o) {
        opset = o.opsetVersion();
        exportType = o.operatorExportType().name();
        options.put("opset_version", (long) o.opsetVersion());
        options.put("operator_export_type", exportType);
        options.put("training", o.training().name());
        options.put("export_params", o.exportParams());
        options.put("do_constant_folding", o.doConstantFolding());
        options.put("constant_folding_applied", o.effectiveConstantFolding());
        // as given: the effective value is decided (and warned about) by the writer
        options.put("keep_initializers_as_inputs", o.keepInitializersAsInputs() == null ? "auto" : o.keepInitializersAsInputs().toString());
        options.put("input_names", o.inputNames());
        options.put("output_names", o.outputNames());
        Map<String, Object> axes = new LinkedHashMap<>();
        o.dynamicAxes().forEach((name, m) -> {
            Map<String, Object> byAxis = new LinkedHashMap<>();
            m.forEach((axis, sym) -> byAxis.put(String.valueOf(axis), sym));
            axes.put(name, byAxis);
        });
        options.put("dynamic_axes", axes);
        Map<String, Object> custom = new LinkedHashMap<>();
        o.customOpsets().forEach((d, v) -> custom.put(d, (long) v));
        options.put("custom_opsets", custom);
        options.put("export_modules_as_functions", o.exportModulesAsFunctions());
        options.put("strip_doc_string", o.effectiveStripDocString());
        options.put("external_data", o.externalData() == null ? "auto" : o.externalData().toString());
        options.put("format", o.format().name());
        options.put("verify", o.verify());
        options.put("verbose", o.verbose());
    }

    // ---- filled by the exporter -------------------------------------------------------------------

    /** Adds {@code nanos} to the phase's time, under the name the progress listener's phase also has. */
    void phase(ExportProgress.Phase phase, long nanos) {
        phasesMs.merge(phase.reportName(), Math.round(nanos / 1e3) / 1e3, Double::sum);
    }

    void atenNode(String kind) { atenNodes++; atenHistogram.merge(kind, 1, Integer::sum); }

    /** A subgraph at {@code path} ({@code /Loop.body > /If.then_branch}) holding {@code nodes} nodes. */
    synchronized void subgraph(String path, int nodes) { subgraphs.put(path, nodes); }

    /** Node counts of the control-flow bodies by path; empty for a model without subgraphs. */
    public synchronized Map<String, Integer> subgraphs() { return new LinkedHashMap<>(subgraphs); }

    void onnxNode(String opType) { onnxNodes++; onnxHistogram.merge(opType, 1, Integer::sum); }

    void fallback(String atenOp) { fallbacks.merge(atenOp, 1, Integer::sum); }

    void sizes(int initializerCount, long protoBytes, long dataBytes) {
        initializers = initializerCount;
        modelBytes = protoBytes;
        initializerBytes = dataBytes;
    }

    void written(Path f, long bytesOnDisk) {
        file = f.toString();
        fileBytes = bytesOnDisk;
    }

    void succeeded() { status = "ok"; }

    /** Records the failure; for an {@link UnsupportedOperatorError} also the ops it lists (its records). */
    void failed(RuntimeException e) {
        status = "failed";
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof UnsupportedOperatorError u) {
            for (UnsupportedOperatorError.Operator o : u.operators()) unsupported.put(o.op(), o.count());
        }
    }

    // ---- public API --------------------------------------------------------------------------------

    /** Adds verification results under {@code label} (e.g. {@code example inputs}, {@code batch=1}). */
    public synchronized void addVerification(String label, VerificationReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("label", label);
        v.put("runtime", r.runtime());
        v.put("passed", r.passed());
        List<Object> outs = new ArrayList<>();
        for (VerificationReport.Output o : r.outputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.name());
            m.put("passed", o.passed());
            m.put("max_abs_error", finite(o.maxAbsError()));
            m.put("max_rel_error", finite(o.maxRelError()));
            m.put("fault", o.fault());
            outs.add(m);
        }
        v.put("outputs", outs);
        verifications.add(v);
    }

    public String status() { return status; }
    public String error() { return error; }
    public int opset() { return opset; }
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }
    /** Milliseconds by phase name, in the order the phases ran. */
    public Map<String, Double> phasesMs() { return Collections.unmodifiableMap(phasesMs); }
    public SortedMap<String, Integer> atenHistogram() { return Collections.unmodifiableSortedMap(atenHistogram); }
    public SortedMap<String, Integer> onnxHistogram() { return Collections.unmodifiableSortedMap(onnxHistogram); }
    /** ATen fallback nodes by aten operator name. */
    public SortedMap<String, Integer> fallbacks() { return Collections.unmodifiableSortedMap(fallbacks); }
    /** Unsupported ops and their call counts (empty unless the export failed on them). */
    public Map<String, Integer> unsupported() { return Collections.unmodifiableMap(unsupported); }
    public int atenNodes() { return atenNodes; }
    /** Nodes of the written main graph. */
    public int onnxNodes() { return onnxNodes; }
    /** Initializers of the written main graph. */
    public int initializers() { return initializers; }
    /** Bytes of the serialized ModelProto (initializer data included unless external). */
    public long modelBytes() { return modelBytes; }
    /** Bytes of initializer data. */
    public long initializerBytes() { return initializerBytes; }
    /** Bytes written to disk (all files of the export); 0 for stream exports. */
    public long fileBytes() { return fileBytes; }
    public synchronized int verificationCount() { return verifications.size(); }

    /** The report as JSON-ready maps and lists (see {@link Json#write}). */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", error);
        m.put("file", file);
        m.put("opset", (long) opset);
        m.put("operator_export_type", exportType);
        m.put("options", options);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("aten_nodes", (long) atenNodes);
        counts.put("onnx_nodes", (long) onnxNodes);
        counts.put("initializers", (long) initializers);
        m.put("counts", counts);
        if (!subgraphs.isEmpty()) m.put("subgraph_nodes", longs(subgraphs));
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("model", modelBytes);
        bytes.put("initializer_data", initializerBytes);
        bytes.put("on_disk", fileBytes);
        m.put("bytes", bytes);
        m.put("phases_ms", new LinkedHashMap<>(phasesMs));
        m.put("aten_histogram", longs(atenHistogram));
        m.put("onnx_histogram", longs(onnxHistogram));
        m.put("fallbacks", longs(fallbacks));
        m.put("unsupported_ops", longs(unsupported));
        m.put("verification", new ArrayList<>(verifications));
        return m;
    }

    public String toJson() { return Json.write(toMap()); }

    /** The report for people: summary, phases, histograms side by side, fallbacks, unsupported ops, verification. */
    public synchronized String toMarkdown() {
        StringBuilder sb = new StringBuilder("# ONNX export report\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "status", status);
        if (error != null) row(sb, "error", error.lines().findFirst().orElse(""));
        if (file != null) row(sb, "file", "`" + file + "`");
        row(sb, "opset", opset);
        row(sb, "operator export type", exportType);
        row(sb, "aten nodes (entering lowering)", atenNodes);
        row(sb, "ONNX nodes (main graph)", onnxNodes);
        subgraphs.forEach((path, count) -> row(sb, "ONNX nodes in " + path, count));
        row(sb, "initializers", initializers);
        row(sb, "model bytes", modelBytes);
        row(sb, "initializer bytes", initializerBytes);
        row(sb, "bytes on disk", fileBytes);
        sb.append("\n## Phases\n\n| phase | ms |\n|---|---:|\n");
        phasesMs.forEach((k, v) -> row(sb, k, String.format("%.3f", v)));
        sb.append("\n## Options\n\n| option | value |\n|---|---|\n");
        options.forEach((k, v) -> row(sb, k, v instanceof Map || v instanceof List ? "`" + Json.write(v) + "`" : v));
        histogram(sb, "aten ops (entering lowering)", atenHistogram);
        histogram(sb, "ONNX ops (written)", onnxHistogram);
        if (!fallbacks.isEmpty()) histogram(sb, "ATen fallbacks", fallbacks);
        if (!unsupported.isEmpty()) histogram(sb, "Unsupported ops", unsupported);
        if (!verifications.isEmpty()) {
            sb.append("\n## Verification\n\n| run | output | result | max abs err | max rel err |\n|---|---|---|---:|---:|\n");
            for (Map<String, Object> v : verifications) {
                for (Object o : (List<?>) v.get("outputs")) {
                    Map<?, ?> out = (Map<?, ?>) o;
                    String result = Boolean.TRUE.equals(out.get("passed")) ? "ok" : "MISMATCH"
                            + (out.get("fault") != null ? " (" + out.get("fault") + ")" : "");
                    sb.append("| ").append(v.get("label")).append(" | ").append(out.get("name")).append(" | ")
                            .append(result).append(" | ").append(number(out.get("max_abs_error"))).append(" | ")
                            .append(number(out.get("max_rel_error"))).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Writes the report. {@code target} ending in {@code .json} or {@code .md} names one of the two files and the
     * other gets the same name with the other extension; any other path is a base name: {@code <target>.json} and
     * {@code <target>.md}. Returns the two paths (JSON first). Each file is written atomically.
     */
    public List<Path> write(Path target) {
        List<Path> files = files(target);
        writeText(files.get(0), toJson());
        writeText(files.get(1), toMarkdown());
        return files;
    }

    /** The two files {@link #write} writes for {@code target}: JSON first, then Markdown. */
    public static List<Path> files(Path target) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5)
                : name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return List.of(target.resolveSibling(base + ".json"), target.resolveSibling(base + ".md"));
    }

    private static void writeText(Path p, String text) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            AtomicFile.write(p, ch -> { while (bytes.hasRemaining()) ch.write(bytes); });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the export report " + p + ": " + e.getMessage(), e);
        }
    }

    private static void histogram(StringBuilder sb, String title, Map<String, Integer> h) {
        sb.append("\n## ").append(title).append("\n\n| op | count |\n|---|---:|\n");
        h.forEach((k, v) -> row(sb, "`" + k + "`", v));
    }

    private static void row(StringBuilder sb, Object k, Object v) {
        sb.append("| ").append(k).append(" | ").append(String.valueOf(v).replace("|", "\\|")).append(" |\n");
    }

    private static Map<String, Object> longs(Map<String, Integer> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, (long) v));
        return out;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static Double finite(double d) { return Double.isFinite(d) ? d : null; }

    private static String number(Object o) { return o == null ? "-" : String.format("%.3g", ((Number) o).doubleValue()); }
}
