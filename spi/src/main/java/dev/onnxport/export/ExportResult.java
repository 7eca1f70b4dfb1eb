package dev.onnxport.export;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Value;
import dev.onnxport.verify.TracedExport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link OnnxExport#exportWithResult} did, for tools that look inside an export (verifiers, divergence
 * searches, reports).
 *
 * @param file        the export target as given
 * @param modelFile   the ONNX protobuf file (inside {@code file} for DIRECTORY; equal to {@code file} for
 *                    PROTOBUF_FILE; null for ZIP formats, which hold it as an entry)
 * @param options     the options of the export
 * @param inputNames  the graph input names, one per example input
 * @param atenGraph   a copy of the aten graph as it entered lowering (after the core passes); its nodes keep scopes
 *                    and source lines, and it can be run with {@link dev.onnxport.ir.GraphInterpreter}
 * @param onnxGraph   the graph after lowering and the ONNX passes, as written
 * @param onnxNames   for each tensor value of {@code atenGraph} computed by a node and still present after lowering,
 *                    the name of the ONNX value that replaced it in the written file
 * @param report      the export report (also written when {@link ExportOptions#report()} is set)
 */
public record ExportResult(Path file, Path modelFile, ExportOptions options, List<String> inputNames, Graph atenGraph,
                           Graph onnxGraph, Map<Value, String> onnxNames, ExportReport report) {
    public ExportResult {
        inputNames = List.copyOf(inputNames);
        onnxNames = java.util.Collections.unmodifiableMap(onnxNames);
    }

    /**
     * This result with another model file holding the same model, e.g. the model of a ZIP export extracted to a
     * folder, so that it can be verified.
     */
    public ExportResult withModelFile(Path f) {
        return new ExportResult(file, f, options, inputNames, atenGraph, onnxGraph, onnxNames, report);
    }

    /** The model file with the traced graph and value names, for the divergence search; null for an archive. */
    public TracedExport traced() {
        return modelFile == null ? null : new TracedExport(modelFile, inputNames, atenGraph, onnxNames);
    }
}
