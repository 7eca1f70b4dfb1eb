package dev.onnxport.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs of one run as ORT tensors, after checking names, dtypes and shapes against the session, so that
 * a wrong input fails with a message that says which and why instead of an error from deep inside ORT.
 */
final class InputBinding implements AutoCloseable {
    private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();

    private InputBinding() {}

    /** Checks {@code inputs} against the session's graph inputs (initializers excluded) and converts them. */
    static InputBinding bind(OrtEnvironment env, OrtSession session, String model, Map<String, Tensor> inputs)
            throws OrtException {
        Map<String, NodeInfo> wanted = session.getInputInfo();
        for (String name : inputs.keySet()) {
            if (!wanted.containsKey(name)) {
                throw new IllegalArgumentException(model + " has no input named '" + name + "'; its inputs are "
                        + wanted.keySet());
            }
        }
        for (NodeInfo node : wanted.values()) {
            Tensor given = inputs.get(node.getName());
            if (given == null) {
                throw new IllegalArgumentException(model + " needs input '" + node.getName() + "' ("
                        + describe(node) + ") but none was given; given " + inputs.keySet());
            }
            checkMatches(model, node, given);
        }
        InputBinding binding = new InputBinding();
        try {
            for (String name : wanted.keySet()) binding.tensors.put(name, OrtTensors.toOrt(env, name, inputs.get(name)));
            return binding;
        } catch (OrtException | RuntimeException e) {
            binding.close();
            throw e;
        }
    }

    Map<String, OnnxTensor> tensors() { return tensors; }

    private static void checkMatches(String model, NodeInfo node, Tensor given) {
        String where = "input '" + node.getName() + "' of " + model;
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new IllegalArgumentException(where + " is " + node.getInfo()
                    + "; onnxport feeds tensors only");
        }
        DType want = OrtTensors.dtypeOf(info.onnxType);
        if (want == null) {
            throw new IllegalArgumentException(where + " has ONNX element type " + info.onnxType
                    + ", which onnxport tensors cannot hold");
        }
        if (given.isMeta()) {
            throw new IllegalArgumentException(where + " was given a meta tensor " + given + ", which has no data");
        }
        if (given.dtype() != want) {
            throw new IllegalArgumentException(where + " is " + describe(node) + " but the given tensor is "
                    + given.dtype().torchName() + "; convert it with tensor.to(DType." + want + ")");
        }
        long[] dims = info.getShape();
        long[] shape = given.shape();
        if (dims.length != shape.length) {
            throw new IllegalArgumentException(where + " has rank " + dims.length + " (" + describe(node)
                    + ") but the given tensor has shape " + Arrays.toString(shape));
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] >= 0 && dims[d] != shape[d]) {
                throw new IllegalArgumentException(where + " is " + describe(node) + " but the given tensor has shape "
                        + Arrays.toString(shape) + ": dimension " + d + " is fixed at " + dims[d]
                        + " (export with a dynamic axis there to vary it)");
            }
        }
    }

    private static String describe(NodeInfo node) {
        return node.getInfo() instanceof TensorInfo info ? OrtTensors.describe(info) : node.getInfo().toString();
    }

    @Override
    public void close() {
        for (OnnxTensor t : tensors.values()) t.close();
        tensors.clear();
    }
}
