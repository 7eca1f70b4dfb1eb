package dev.onnxport.onnx.reader;

import java.nio.file.Path;

/**
 * An ONNX model file that cannot be read safely: malformed, past a {@link ReadLimits limit}, or reaching
 * outside its folder. The message is one line, {@code FILE: FAULT}.
 */
public final class ModelFileError extends RuntimeException {
    private final transient Path file;
    private final String fault;

    public ModelFileError(Path file, String fault) { this(file, fault, null); }

    public ModelFileError(Path file, String fault, Throwable cause) {
        super((file == null ? "the model bytes" : file.toString()) + ": " + fault, cause);
        this.file = file;
        this.fault = fault;
    }

    /** The file given to the reader (the archive or folder, not a file inside it); null for in-memory bytes. */
    public Path file() { return file; }

    /** What is wrong, without the file name. */
    public String fault() { return fault; }
}
