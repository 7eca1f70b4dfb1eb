package dev.onnxport.cli;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.reader.ModelFileError;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A model given to a command, in any of onnxport's layouts (a protobuf file with external data beside it, a
 * folder holding {@code model.onnx}, a zip archive extracted to a temporary folder and removed on close), read
 * through {@link OnnxModelReader} within its limits: a bad file fails with one {@link ModelFileError} line.
 */
final class ModelFile implements AutoCloseable {
    private final OnnxModel model;

    private ModelFile(OnnxModel model) {
        this.model = model;
    }

    static ModelFile open(Path p) {
        return new ModelFile(OnnxModelReader.read(p));
    }

    /** The protobuf file, with its external data (if any) beside it. */
    Path onnx() { return model.modelFile(); }

    /** The parsed model (external data is not loaded, embedded weights stay mapped). */
    ModelProto proto() { return model.proto(); }

    /**
     * Bytes on disk of this model as given: a zip archive's own size; else the protobuf file and the external data
     * files its initializers refer to (each counted once).
     */
    long bytesOnDisk() {
        try {
            if (!model.modelFile().equals(model.given()) && Files.isRegularFile(model.given())) return Files.size(model.given());
            long n = Files.size(model.modelFile());
            Set<String> data = new LinkedHashSet<>();
            for (TensorProto t : model.proto().getGraph().getInitializerList()) {
                for (StringStringEntryProto e : t.getExternalDataList()) if (e.getKey().equals("location")) data.add(e.getValue());
            }
            for (String d : data) {
                Path f = model.modelDir().resolve(d);
                if (Files.isRegularFile(f)) n += Files.size(f);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

}
