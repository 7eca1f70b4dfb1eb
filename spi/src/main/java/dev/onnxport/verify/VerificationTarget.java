package dev.onnxport.verify;

import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@link VerificationService#verify} checks: a model file, the example inputs it was exported with, the
 * dynamic axes of its inputs, the eager model that the file must reproduce, and optionally the traced export, which
 * lets a failure be followed by a search for the first divergent node.
 *
 * @param modelFile   the ONNX protobuf file to run
 * @param inputNames  graph input names, one per example input (more are allowed)
 * @param inputs      the example inputs
 * @param dynamicAxes per graph input name, dynamic axis -> dim symbol; entries for other names (outputs) are ignored
 * @param eager       runs the eager model on inputs and returns its tensor outputs in graph output order (in the
 *                    training mode of the export)
 * @param traced      the traced export of {@code modelFile}, or null
 */
public record VerificationTarget(Path modelFile, List<String> inputNames, List<Tensor> inputs,
                                 Map<String, SortedMap<Integer, String>> dynamicAxes,
                                 Function<Tensor[], List<Tensor>> eager, TracedExport traced) {
    public VerificationTarget {
        if (modelFile == null || eager == null) {
            throw new IllegalArgumentException("a verification target needs a model file and an eager model");
        }
        inputNames = List.copyOf(inputNames);
        inputs = List.copyOf(inputs);
        if (inputNames.size() < inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + inputNames.size() + " input names");
        }
        Map<String, SortedMap<Integer, String>> axes = new LinkedHashMap<>();
        dynamicAxes.forEach((name, a) -> axes.put(name, Collections.unmodifiableSortedMap(new TreeMap<>(a))));
        dynamicAxes = Collections.unmodifiableMap(axes);
    }

    /** A target without a traced export; {@code dynamicAxes} may map axes in any order (they are sorted). */
    public static VerificationTarget of(Path modelFile, List<String> inputNames, Tensor[] inputs,
                                        Map<String, ? extends Map<Integer, String>> dynamicAxes,
                                        Function<Tensor[], List<Tensor>> eager) {
        Map<String, SortedMap<Integer, String>> axes = new LinkedHashMap<>();
        dynamicAxes.forEach((name, a) -> axes.put(name, new TreeMap<>(a)));
        return new VerificationTarget(modelFile, inputNames, List.of(inputs), axes, eager, null);
    }

    /** This target with the traced export of its file, for the divergence search. */
    public VerificationTarget withTraced(TracedExport t) {
        return new VerificationTarget(modelFile, inputNames, inputs, dynamicAxes, eager, t);
    }

    /** The example inputs as an array. */
    public Tensor[] inputArray() { return inputs.toArray(Tensor[]::new); }
}
