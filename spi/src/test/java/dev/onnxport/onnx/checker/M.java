package dev.onnxport.onnx.checker;

import com.google.protobuf.ByteString;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Short builders for small ONNX models in tests. */
final class M {
    static final int F32 = 1, I64 = 7, BOOL = 9, F64 = 11;

    private M() {}

    static String[] in(String... names) { return names; }
    static String[] out(String... names) { return names; }
    static long[] dims(long... d) { return d; }

    static ValueInfoProto vi(String name, int elem, long... shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elem).setShape(s)))
                .build();
    }

    static NodeProto node(String op, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : inputs) b.addInput(i);
        for (String o : outputs) b.addOutput(o);
        for (AttributeProto a : attrs) b.addAttribute(a);
        return b.build();
    }

    static AttributeProto ai(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto af(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto as(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto aints(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }

    static AttributeProto ag(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.GRAPH).setG(g).build();
    }

    static TensorProto floats(String name, long[] shape, float... v) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(F32);
        for (long d : shape) b.addDims(d);
        for (float x : v) b.addFloatData(x);
        return b.build();
    }

    static TensorProto int64s(String name, long[] shape, long... v) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(I64);
        for (long d : shape) b.addDims(d);
        for (long x : v) b.addInt64Data(x);
        return b.build();
    }

    /** int64 values as little-endian raw_data. */
    static TensorProto int64Raw(String name, long[] shape, long... v) {
        ByteBuffer buf = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) buf.putLong(x);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(I64)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : shape) b.addDims(d);
        return b.build();
    }

    static float[] range(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 1f;
        return f;
    }

    static OperatorSetIdProto opset(String domain, long version) {
        return OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build();
    }

    /** A model of the default domain at that opset, with the lowest IR version that carries it. */
    static ModelProto model(int opset, GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(StructuralChecker.minIrVersion(opset))
                .setProducerName("onnxport-tests").addOpsetImport(opset("", opset)).setGraph(graph).build();
    }

    static GraphProto.Builder graph(String name) {
        return GraphProto.newBuilder().setName(name);
    }
}
