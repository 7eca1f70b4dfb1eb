package dev.onnxport.spi;

import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A named model architecture that can be built and run without outside data: a service, found with
 * {@link java.util.ServiceLoader} through {@link Models}. The zoo module provides the bundled ones.
 */
public interface ModelFactory {
    /** The name used on the command line, e.g. {@code resnet18}. */
    String name();

    /** One line for listings. */
    String description();

    /** Names of the model's positional inputs, in order. */
    List<String> inputNames();

    /** Names of the model's outputs, in order. */
    List<String> outputNames();

    /** Dynamic axes by input name: axis index to symbolic name (as {@code torch.onnx.export}'s dynamic_axes). */
    Map<String, Map<Integer, String>> dynamicAxes();

    /** A new instance in eval mode with parameters initialized from a fixed seed: the same numbers on every run. */
    Module create();

    /** Example inputs, the same on every run. */
    Tensor[] exampleInputs();

    /**
     * The hyper-parameters this architecture takes by name, with their values in this factory (as text), in a fixed
     * order; empty when it takes none.
     */
    default Map<String, String> config() { return Map.of(); }

    /**
     * This architecture with some hyper-parameters changed (keys of {@link #config()}; values as text): its models
     * and example inputs follow them. An unknown key or a bad value fails naming it; an empty map gives this factory.
     */
    default ModelFactory withConfig(Map<String, String> values) {
        if (values.isEmpty()) return this;
        throw new IllegalArgumentException(name() + " takes no hyper-parameters, but " + values.keySet() + " were given");
    }
}
