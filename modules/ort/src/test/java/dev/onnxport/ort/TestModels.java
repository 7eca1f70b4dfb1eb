package dev.onnxport.ort;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.tensor.DType;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small ONNX models built directly with the protobuf classes (opset 17, IR version 8). */
final class TestModels {
    private TestModels() {}

    /** A graph input or output; each dim is a Long (fixed) or a String (dim_param). */
    static ValueInfoProto value(String name, DType dtype, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String p) dim.setDimParam(p);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(dtype.onnxCode()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    static NodeProto node(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + "_" + outputs.get(0))
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(List.of(attributes)).build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static TensorProto initializer(String name, float[] data, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DType.FLOAT32.onnxCode())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    static ModelProto model(List<NodeProto> nodes, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs,
                            TensorProto... initializers) {
        GraphProto graph = GraphProto.newBuilder().setName("test").addAllNode(nodes).addAllInput(inputs)
                .addAllOutput(outputs).addAllInitializer(List.of(initializers)).build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("onnxport-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
    }

    /** {@code z = x op y} on two float inputs of the given dims. */
    static ModelProto binary(String op, Object... dims) {
        return model(List.of(node(op, List.of("x", "y"), List.of("z"))),
                List.of(value("x", DType.FLOAT32, dims), value("y", DType.FLOAT32, dims)),
                List.of(value("z", op.equals("Greater") ? DType.BOOL : DType.FLOAT32, dims)));
    }

    /** {@code y = Identity(x)} for one dtype. */
    static ModelProto identity(DType dtype, Object... dims) {
        return model(List.of(node("Identity", List.of("x"), List.of("y"))),
                List.of(value("x", dtype, dims)), List.of(value("y", dtype, dims)));
    }

    static Path write(Path dir, String fileName, ModelProto model) {
        Path file = dir.resolve(fileName);
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
