package dev.onnxport.export;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.spi.OpsetRange;
import dev.onnxport.util.FileChecks;
import dev.onnxport.util.Names;
import dev.onnxport.util.Temporaries;
import java.nio.charset.StandardCharsets;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/** Checks export options against the example inputs and the target, before anything is traced or written. */
final class OptionsValidator {
    private OptionsValidator() {}

    /** The graph input names: those given, then {@code input<i>} for the rest. */
    static List<String> inputNames(ExportOptions o, int count) {
        List<String> names = new ArrayList<>(o.inputNames());
        for (int i = names.size(); i < count; i++) names.add("input" + i);
        return names;
    }

    /** {@code target} is null when exporting to a stream (or to a string). */
    static void validate(ExportOptions o, Tensor[] args, Path target, boolean toStream) {
        if (args == null) throw new OnnxExporterError("args must not be null; pass new Tensor[0] for a model without inputs");
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) throw new OnnxExporterError("args[" + i + "] is null; every example input must be a tensor");
        }
        int opset = o.opsetVersion();
        OpsetRange opsets = ExportModes.get(o.operatorExportType()).opsets();
        if (!opsets.contains(opset)) {
            throw new OnnxExporterError("opsetVersion " + opset + " is not supported"
                    + (opsets.equals(OpsetRange.SUPPORTED) ? "" : " by operator export type " + o.operatorExportType())
                    + "; choose an opset from " + opsets.first() + " to " + opsets.last() + " (default " + ExportOptions.DEFAULT_OPSET + ")");
        }
        if (o.inputNames().size() > args.length) {
            throw new OnnxExporterError("inputNames has " + o.inputNames().size() + " names but the model gets "
                    + args.length + " inputs; give at most one name per input");
        }
        List<String> inputs = inputNames(o, args.length);
        checkNames(inputs, o.outputNames());
        checkDynamicAxes(o, args, inputs);
        checkCustomOpsets(o.customOpsets());
        if (o.exportModulesAsFunctions()) {
            if (opset < 15) {
                throw new OnnxExporterError("exportModulesAsFunctions needs opset 15 or later (local functions), but "
                        + "opsetVersion is " + opset + "; raise opsetVersion to 15+ or turn exportModulesAsFunctions off");
            }
        }
        checkTarget(o, target, toStream);
    }

    private static void checkNames(List<String> inputs, List<String> outputs) {
        Set<String> seen = new HashSet<>();
        for (String n : inputs) {
            if (n == null || n.isEmpty()) throw new OnnxExporterError("inputNames contains an empty name; give every input a non-empty name");
            if (!seen.add(n)) throw new OnnxExporterError("inputNames contains '" + n + "' twice; names must be unique");
        }
        Set<String> outs = new HashSet<>();
        for (String n : outputs) {
            if (n == null || n.isEmpty()) throw new OnnxExporterError("outputNames contains an empty name; give every output a non-empty name");
            if (!outs.add(n)) throw new OnnxExporterError("outputNames contains '" + n + "' twice; names must be unique");
            if (seen.contains(n)) {
                throw new OnnxExporterError("'" + n + "' is both an input name and an output name; rename one of them");
            }
        }
    }

    private static void checkDynamicAxes(ExportOptions o, Tensor[] args, List<String> inputs) {
        for (Map.Entry<String, SortedMap<Integer, String>> e : o.dynamicAxes().entrySet()) {
            String name = e.getKey();
            int in = inputs.indexOf(name);
            if (in < 0 && !o.outputNames().contains(name)) {
                throw new OnnxExporterError("dynamicAxes names '" + name + "', which is neither an input nor an output; "
                        + "valid names are inputs " + inputs + " and outputs " + o.outputNames()
                        + " (name outputs with outputNames to give them dynamic axes)");
            }
            for (Map.Entry<Integer, String> a : e.getValue().entrySet()) {
                int axis = a.getKey();
                if (a.getValue() == null || a.getValue().isEmpty()) {
                    throw new OnnxExporterError("dynamicAxes['" + name + "'] gives axis " + axis + " an empty name; name it, e.g. \"batch\"");
                }
                int rank = in >= 0 ? args[in].dim() : Integer.MAX_VALUE;
                if (axis < 0 || axis >= rank) {
                    throw new OnnxExporterError("dynamicAxes['" + name + "'] has axis " + axis + ", out of range for "
                            + (in >= 0 ? "input of rank " + rank + "; use an axis from 0 to " + (rank - 1) : "an output; axes count from 0"));
                }
            }
        }
    }

    private static void checkCustomOpsets(Map<String, Integer> custom) {
        for (Map.Entry<String, Integer> e : custom.entrySet()) {
            String d = e.getKey();
            if (d.isEmpty() || d.equals("onnx") || d.equals("ai.onnx")) {
                throw new OnnxExporterError("customOpsets sets the default domain '" + d + "'; set its version with "
                        + "opsetVersion, and use customOpsets only for other domains");
            }
            if (e.getValue() == null || e.getValue() < 1) {
                throw new OnnxExporterError("customOpsets['" + d + "'] is " + e.getValue() + "; domain versions start at 1");
            }
        }
    }

    private static final String DATA_FILE = "output's external data file";

    /**
     * The files an export of {@code o} to {@code target} may write or replace, each with what it is: the model
     * (or zip archive), the external data file {@code NAME.data} of earlier versions beside a protobuf model (removed
     * once no model uses it; the data file an export writes, {@code NAME.ID.data}, has a new name), the files of a
     * {@code DIRECTORY} export, the report's JSON and Markdown. {@code target} null: the report's files only.
     */
    static List<FileChecks.Labeled> outputs(ExportOptions o, Path target) {
        List<FileChecks.Labeled> out = new ArrayList<>();
        if (target != null) {
            switch (o.format()) {
                case PROTOBUF_FILE -> {
                    out.add(new FileChecks.Labeled("output", target));
                    out.add(new FileChecks.Labeled(DATA_FILE, target.resolveSibling(target.getFileName() + ".data")));
                }
                case DIRECTORY -> {
                    Path m = target.resolve(OnnxWriter.MODEL_ENTRY);
                    out.add(new FileChecks.Labeled("output", m));
                    out.add(new FileChecks.Labeled(DATA_FILE, m.resolveSibling(m.getFileName() + ".data")));
                }
                case ZIP_ARCHIVE, COMPRESSED_ZIP_ARCHIVE -> out.add(new FileChecks.Labeled("output", target));
            }
        }
        if (o.report() != null) {
            List<Path> r = ExportReport.files(o.report());
            out.add(new FileChecks.Labeled("report", r.get(0)));
            out.add(new FileChecks.Labeled("report", r.get(1)));
        }
        return out;
    }

    /**
     * Refuses, before anything is written, outputs that are one another or one of {@code inputs} (files the export
     * reads, by what they are: symbolic and hard links resolved), and outputs that are not regular files or have
     * several hard links.
     */
    static void checkOutputs(ExportOptions o, Path target, Map<Path, String> inputs) {
        if (target != null && o.report() != null && FileChecks.same(o.report(), target)) {
            throw new OnnxExporterError("the report path " + Names.quote(o.report()) + " is the output path; give the "
                    + "report its own name, e.g. " + Names.quote(o.report().resolveSibling("report.json")));
        }
        List<FileChecks.Labeled> outs = outputs(o, target);
        List<FileChecks.Labeled> ins = new ArrayList<>();
        inputs.forEach((p, what) -> ins.add(new FileChecks.Labeled(what, p)));
        String overlap = FileChecks.overlap(outs, ins);
        if (overlap != null) throw new OnnxExporterError(overlap);
        Path model = target == null ? null : ExportFiles.modelFile(target, o.format());
        if (model != null) {
            // after the model is in place, the writer removes data files of earlier exports that no model uses
            for (FileChecks.Labeled in : ins) {
                if (OnnxWriter.isDataFileOf(model, in.path())) {
                    throw new OnnxExporterError("the " + in + " is named like a data file of the output "
                            + Names.quote(model) + ", which an export there removes once no model uses it; "
                            + "rename the input or choose another output path");
                }
            }
        }
        for (FileChecks.Labeled l : outs) {
            String problem = FileChecks.targetProblem(l.path());
            if (problem != null) throw new OnnxExporterError("the " + l.label() + " " + problem);
        }
        for (FileChecks.Labeled l : outs) {
            // NAME.data is only removed when present: a model name past 250 bytes names its data file otherwise
            if (l.label().equals(DATA_FILE) || l.path().getFileName() == null) continue;
            int bytes = l.path().getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Temporaries.MAX_NAME_BYTES) {
                throw new OnnxExporterError("the " + l.label() + " " + Names.quote(l.path()) + " has a name of " + bytes
                        + " bytes; file systems take at most " + Temporaries.MAX_NAME_BYTES + ", so choose a shorter name");
            }
        }
        for (FileChecks.Labeled l : outs) {
            if (l.label().equals("report") && Files.isDirectory(l.path())) {
                throw new OnnxExporterError("the report " + Names.quote(l.path()) + " is a folder; give a file name");
            }
        }
    }

    private static void checkTarget(ExportOptions o, Path target, boolean toStream) {
        ExportFormat f = o.format();
        if (toStream) {
            if (f == ExportFormat.DIRECTORY) {
                throw new OnnxExporterError("format DIRECTORY cannot be written to an OutputStream; export to a Path, "
                        + "or choose PROTOBUF_FILE or a ZIP format");
            }
            if (f == ExportFormat.PROTOBUF_FILE && Boolean.TRUE.equals(o.externalData())) {
                throw new OnnxExporterError("externalData cannot be written to an OutputStream with format PROTOBUF_FILE; "
                        + "export to a Path, or choose ZIP_ARCHIVE / COMPRESSED_ZIP_ARCHIVE, which hold the data as an entry");
            }
            if (o.verify()) {
                throw new OnnxExporterError("verify needs the model on disk; export to a Path, or check the model yourself");
            }
            checkOutputs(o, null, Map.of());
            return;
        }
        if (target == null) {
            checkOutputs(o, null, Map.of());
            return;
        }
        if (target.toString().isEmpty()) throw new OnnxExporterError("the output path is empty; give a file name");
        if (f == ExportFormat.DIRECTORY && Files.isRegularFile(target)) {
            throw new OnnxExporterError("format DIRECTORY needs a folder, but " + target + " is a file; choose another path");
        }
        if (f != ExportFormat.DIRECTORY && Files.isDirectory(target)) {
            throw new OnnxExporterError(target + " is a folder; give a file path, or use format DIRECTORY");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (f != ExportFormat.DIRECTORY && parent != null && !Files.isDirectory(parent)) {
            throw new OnnxExporterError("the folder " + Names.quote(parent) + " does not exist; create it first");
        }
        checkOutputs(o, target, Map.of());
        if (o.verify()) {
            if (f != ExportFormat.PROTOBUF_FILE && f != ExportFormat.DIRECTORY) {
                throw new OnnxExporterError("verify works on PROTOBUF_FILE and DIRECTORY exports, not " + f
                        + "; choose one of them or turn verify off");
            }
            ExportModes.requireVerifier();
        }
    }
}
