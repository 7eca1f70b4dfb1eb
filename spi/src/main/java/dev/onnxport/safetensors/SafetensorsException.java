package dev.onnxport.safetensors;

import java.nio.file.Path;

/** A safetensors file that cannot be read or written; the message names the file (or stream) and the fault. */
public final class SafetensorsException extends RuntimeException {
    private final transient Path file;

    public SafetensorsException(Path file, String fault) {
        super(file + ": " + fault);
        this.file = file;
    }

    public SafetensorsException(Path file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
        this.file = file;
    }

    /** For data that is not a file, such as an output stream; {@link #file()} is then null. */
    public SafetensorsException(String source, String fault) {
        super(source + ": " + fault);
        this.file = null;
    }

    public SafetensorsException(String source, String fault, Throwable cause) {
        super(source + ": " + fault, cause);
        this.file = null;
    }

    /** The file at fault, or null when the data was a stream. */
    public Path file() { return file; }
}
