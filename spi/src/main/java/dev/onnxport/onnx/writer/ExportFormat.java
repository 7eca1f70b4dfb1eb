package dev.onnxport.onnx.writer;

/** How the exported model is laid out on disk, as torch's {@code ExportTypes}. */
public enum ExportFormat {
    /** One protobuf file ({@code model.onnx}), plus {@code model.onnx.data} beside it when data is external. */
    PROTOBUF_FILE,
    /** A zip file with entry {@code model.onnx} (and {@code model.onnx.data}), stored uncompressed. */
    ZIP_ARCHIVE,
    /** The same zip layout, deflated. */
    COMPRESSED_ZIP_ARCHIVE,
    /** A folder holding {@code model.onnx} (and {@code model.onnx.data}). */
    DIRECTORY
}
