package dev.onnxport.zoo.hf;

import java.nio.file.Path;

/**
 * A Hugging Face {@code config.json} that cannot be used: missing, unreadable, or a key missing or of the wrong type.
 * The message is one line naming the file and the key, saying what is wrong and how to fix it.
 */
public final class HfConfigException extends RuntimeException {
    private final transient Path file;
    private final String key;

    public HfConfigException(Path file, String key, String message) {
        super(message);
        this.file = file;
        this.key = key;
    }

    public HfConfigException(Path file, String key, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.key = key;
    }

    /** The config file (or the folder that lacks one). */
    public Path file() { return file; }

    /** The key at fault, or null when the file as a whole is. */
    public String key() { return key; }
}
