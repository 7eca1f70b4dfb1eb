package dev.onnxport.spi;

import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs exported models in an ONNX runtime: a service, found with {@link java.util.ServiceLoader};
 * the {@code dev.onnxport.ort} module provides ONNX Runtime's.
 */
public interface RuntimeVerifier {
    /** The runtime's name and version, e.g. {@code onnxruntime 1.20.0}. */
    String name();

    /** Opens a session on the model; fails with a CheckerError carrying the runtime's message. */
    void check(Path model);

    /** Runs the model on inputs by graph input name; returns the outputs by name, in graph output order. */
    Map<String, Tensor> run(Path model, Map<String, Tensor> inputs);

    /**
     * Runs the model and compares each output with {@code expected} (same order as the graph outputs)
     * under {@code tolerance}; never throws for a numeric mismatch, the report says what differs.
     */
    VerificationReport verify(Path model, Map<String, Tensor> inputs, List<Tensor> expected, Tolerance tolerance);
}
