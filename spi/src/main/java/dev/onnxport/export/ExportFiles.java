package dev.onnxport.export;

import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.onnx.writer.OnnxWriter;
import java.nio.file.Path;

/** Where an export's files are, by format. */
final class ExportFiles {
    private ExportFiles() {}

    /** The ONNX protobuf file of an export to {@code f}; null for ZIP formats, which hold it as an entry. */
    static Path modelFile(Path f, ExportFormat format) {
        return switch (format) {
            case PROTOBUF_FILE -> f;
            case DIRECTORY -> f.resolve(OnnxWriter.MODEL_ENTRY);
            case ZIP_ARCHIVE, COMPRESSED_ZIP_ARCHIVE -> null;
        };
    }
}
