package dev.onnxport.safetensors;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes safetensors files: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets}}, "__metadata__": {string: string}}, then raw
 * little-endian data. Reading maps the file ({@link SafetensorsFile}); nothing is copied onto the heap.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Opens {@code file} for lazy, memory-mapped access to its tensors. */
    public static SafetensorsFile open(Path file) { return SafetensorsFile.open(file); }

    /** Reads every tensor of {@code file}, in header order, as memory-mapped read-only tensors. */
    public static Map<String, Tensor> read(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.getAll();
        }
    }

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) { write(file, tensors, null); }

    /**
     * Writes {@code tensors} (any dtype, any strides) and optional {@code metadata} to {@code file}
     * atomically: an existing file is replaced only once the new one is complete, and is left untouched
     * when writing fails.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter w = SafetensorsWriter.plan(file, null, tensors, metadata);
        try {
            AtomicFile.write(file, w::writeTo);
        } catch (IOException e) {
            throw new SafetensorsException(file, "cannot write: " + e, e);
        }
    }

    /** Writes the same bytes as {@link #write(Path, Map, Map)} to {@code out}, which stays open. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter w = SafetensorsWriter.plan(null, "output stream", tensors, metadata);
        try {
            w.writeTo(Channels.newChannel(out));
            out.flush();
        } catch (IOException e) {
            throw new SafetensorsException("output stream", "cannot write: " + e, e);
        }
    }
}
