package dev.onnxport.bench;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A zoo model built once, its example inputs and the export options the benchmarks use (opset 17). */
final class ZooExport {
    final ModelFactory factory;
    final Module model;
    final Tensor[] inputs;

    ZooExport(String name) {
        factory = Models.get(name);
        model = factory.create();
        inputs = factory.exampleInputs();
    }

    /** Opset 17 with the factory's names; its dynamic axes when {@code dynamic}. */
    ExportOptions.Builder options(boolean dynamic, boolean shapeOnly) {
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(17).inputNames(factory.inputNames())
                .outputNames(factory.outputNames()).shapeOnlyTrace(shapeOnly);
        if (dynamic) factory.dynamicAxes().forEach(b::dynamicAxes);
        return b;
    }

    /** Bytes of the model's parameters and buffers. */
    long parameterBytes() {
        long n = 0;
        for (Tensor t : model.stateDict().values()) n += t.numel() * t.dtype().byteSize();
        return n;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("onnxport-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
