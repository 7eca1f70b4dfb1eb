package dev.onnxport.onnx.writer;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * A model ready to write: the ModelProto with everything but the main graph's initializers, and those
 * initializers by name with their tensors. Keeping the weights out of the proto lets the serializer stream
 * them from their storage, so the model is never held twice in memory.
 */
public record AssembledModel(ModelProto skeleton, List<Initializer> initializers) {
    public AssembledModel {
        if (skeleton.getGraph().getInitializerCount() != 0) {
            throw new IllegalArgumentException("the skeleton graph must not hold initializers; pass them separately");
        }
        initializers = List.copyOf(initializers);
    }

    /** One initializer of the main graph. */
    public record Initializer(String name, Tensor data) {}

    /** Bytes of initializer data. */
    public long dataBytes() {
        long n = 0;
        for (Initializer i : initializers) n += TensorBytes.rawSize(i.data());
        return n;
    }
}
