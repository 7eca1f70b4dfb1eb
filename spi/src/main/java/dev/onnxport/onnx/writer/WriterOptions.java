package dev.onnxport.onnx.writer;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the writer needs to know.
 *
 * @param opset                    default-domain opset (7..26); fixes ir_version
 * @param customOpsets             versions of other domains used by nodes (absent: 1)
 * @param exportParams             false: parameters are not written, they become graph inputs
 * @param keepInitializersAsInputs true: initializers are also listed as graph inputs (IR v3 style)
 * @param stripDocString           true: no doc_string on nodes
 * @param externalData             true: weights go to a {@code .data} file; false: embedded; null: external only
 *                                 when the model would pass protobuf's 2 GiB limit
 * @param format                   file layout
 */
public record WriterOptions(int opset, Map<String, Integer> customOpsets, boolean exportParams,
                            boolean keepInitializersAsInputs, boolean stripDocString, Boolean externalData,
                            ExportFormat format) {
    public WriterOptions {
        IrVersions.forOpset(opset);
        customOpsets = Map.copyOf(new TreeMap<>(customOpsets));
        if (format == null) throw new IllegalArgumentException("format must not be null");
    }

    /** Defaults: weights embedded unless past 2 GiB, doc strings kept, one protobuf file. */
    public static WriterOptions of(int opset) {
        return new WriterOptions(opset, Map.of(), true, false, false, null, ExportFormat.PROTOBUF_FILE);
    }

    public WriterOptions withCustomOpsets(Map<String, Integer> m) {
        return new WriterOptions(opset, m, exportParams, keepInitializersAsInputs, stripDocString, externalData, format);
    }

    public WriterOptions withExportParams(boolean b) {
        return new WriterOptions(opset, customOpsets, b, keepInitializersAsInputs, stripDocString, externalData, format);
    }

    public WriterOptions withKeepInitializersAsInputs(boolean b) {
        return new WriterOptions(opset, customOpsets, exportParams, b, stripDocString, externalData, format);
    }

    public WriterOptions withStripDocString(boolean b) {
        return new WriterOptions(opset, customOpsets, exportParams, keepInitializersAsInputs, b, externalData, format);
    }

    public WriterOptions withExternalData(Boolean b) {
        return new WriterOptions(opset, customOpsets, exportParams, keepInitializersAsInputs, stripDocString, b, format);
    }

    public WriterOptions withFormat(ExportFormat f) {
        return new WriterOptions(opset, customOpsets, exportParams, keepInitializersAsInputs, stripDocString, externalData, f);
    }
}
