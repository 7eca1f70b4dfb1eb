package dev.onnxport.safetensors;

import java.nio.file.Path;

/** A safetensors file that cannot be read or written; the message names the file and the fault. */
public final class SafetensorsException extends RuntimeException {
    private final Path file;

    public SafetensorsException(Path file, String fault) {
        super(file + ": " + fault);
        this.file = file;
    }

    public SafetensorsException(Path file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
        this.file = file;
    }

    public Path file() { return file; }
}
