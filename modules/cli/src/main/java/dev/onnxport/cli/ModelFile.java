package dev.onnxport.cli;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.reader.ModelFileError;
import dev.onnxport.onnx.reader.OnnxModel;
import dev.onnxport.onnx.reader.OnnxModelReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

    /** Bytes on disk: the file, its external data file, or every file of the folder. */
    static long bytes(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            long n = s.filter(Files::isRegularFile).mapToLong(ModelFile::size).sum();
            Path data = p.resolveSibling(p.getFileName() + ".data");
            return Files.isRegularFile(p) && Files.isRegularFile(data) ? n + size(data) : n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
