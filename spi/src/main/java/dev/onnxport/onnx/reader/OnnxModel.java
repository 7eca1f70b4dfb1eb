package dev.onnxport.onnx.reader;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.util.Temporaries;
import java.nio.file.Path;

/**
 * A model read by {@link OnnxModelReader}: its parsed protobuf and the protobuf file on disk (with its external
 * data beside it), which ONNX Runtime can open. For a zip archive the file lies in a temporary folder that
 * {@link #close} removes.
 */
public final class OnnxModel implements AutoCloseable {
    private final Path given;
    private final Path modelFile;
    private final ModelProto proto;
    private final Path tempDir;

    OnnxModel(Path given, Path modelFile, ModelProto proto, Path tempDir) {
        this.given = given;
        this.modelFile = modelFile;
        this.proto = proto;
        this.tempDir = tempDir;
    }

    /** The path given to the reader: a protobuf file, a folder or a zip archive. */
    public Path given() { return given; }

    /** The protobuf file, with its external data (if any) in its folder. */
    public Path modelFile() { return modelFile; }

    /** The folder where external data locations are resolved. */
    public Path modelDir() { return modelFile.toAbsolutePath().getParent(); }

    /**
     * The parsed model. Its {@code raw_data} fields are views of the memory-mapped file, not heap copies;
     * external data is not read.
     */
    public ModelProto proto() { return proto; }

    /** Removes the temporary folder of an extracted zip archive. */
    @Override
    public void close() {
        if (tempDir != null) Temporaries.delete(tempDir);
    }
}
