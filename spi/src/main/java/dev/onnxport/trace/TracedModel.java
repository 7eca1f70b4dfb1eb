package dev.onnxport.trace;

import dev.onnxport.tensor.Tensor;
import java.util.Map;

/**
 * What the tracer needs of a model: its parameters and buffers by state-dict name (they become
 * initializers), its submodules by qualified name (they become node scopes), and a call. {@code nn.Module}
 * implements it; the tracer never depends on the nn layer above it.
 */
public interface TracedModel {
    /** Parameters and buffers by state-dict name ({@code layer1.0.conv1.weight}). */
    Map<String, Tensor> stateDict();

    /** This model and its submodules by qualified name (the root under ""). */
    Map<String, ?> namedModules();

    /** Runs the model on {@code inputs}; returns a Tensor, an array or a collection of them. */
    Object invoke(Tensor... inputs);
}
