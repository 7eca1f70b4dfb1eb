package dev.onnxport.spi;

import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs exported models in an ONNX runtime: a service, found with {@link java.util.ServiceLoader}; the
 * {@code dev.onnxport.ort} module provides ONNX Runtime's. A runtime only opens and runs models; comparing
 * outputs, tolerances, runs at other sizes and the divergence search are the core's
 * ({@link dev.onnxport.verify.VerificationService}), the same for every runtime.
 */
public interface RuntimeVerifier {
    /** The runtime's name and version, e.g. {@code onnxruntime 1.20.0}. */
    String name();

    /** Opens a session on the model; fails with a CheckerError carrying the runtime's message. */
    void check(Path model);

    /**
     * Runs the model on inputs by graph input name; returns the outputs by name, in graph output order. A runtime
     * may keep the model's session for later runs. Fails with a CheckerError when the runtime cannot run it.
     */
    Map<String, Tensor> run(Path model, Map<String, Tensor> inputs);

    /**
     * Runs a model file that exists for this one call, like the divergence search's copy of a model with extra
     * outputs: as {@link #run}, but nothing is kept for the file afterwards. The default runs it with {@link #run}.
     */
    default Map<String, Tensor> runOnce(Path model, Map<String, Tensor> inputs) { return run(model, inputs); }
}
