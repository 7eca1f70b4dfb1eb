package dev.onnxport.testing;

import com.google.protobuf.ByteString;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.StringStringEntryProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Small valid ONNX models and hand-encoded malformed ones, for the bad-input catalogues of spi and the CLI. */
public final class OnnxFiles {
    private OnnxFiles() {}

    public static final int FLOAT = 1;

    /** y = x + w, x and y float[2], w an initializer [1, 2] in raw_data: valid for the structural checker. */
    public static ModelProto addModel() { return addModel(initializer("w", new long[] {2}, new byte[8])); }

    /** y = x + w with the given initializer named {@code w}. */
    public static ModelProto addModel(TensorProto w) {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput("w").addOutput("y"))
                .addInitializer(w)
                .addInput(value("x", 2)).addOutput(value("y", 2)).build();
        return model(g);
    }

    public static ModelProto model(GraphProto g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g).build();
    }

    public static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(s))).build();
    }

    public static TensorProto initializer(String name, long[] dims, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    /** A float tensor stored externally at {@code location} with the given offset and length keys. */
    public static TensorProto external(String name, long[] dims, Map<String, String> keys) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (long d : dims) t.addDims(d);
        keys.forEach((k, v) -> t.addExternalData(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return t.build();
    }

    /** {@code depth} If nodes, each holding the next in its then_branch: built as a message (keep depth small). */
    public static ModelProto nestedIfs(int depth) {
        GraphProto g = GraphProto.newBuilder().setName("innermost").build();
        for (int i = 0; i < depth; i++) {
            g = GraphProto.newBuilder().setName("level" + i).addNode(NodeProto.newBuilder().setOpType("If").setName("if" + i)
                    .addAttribute(AttributeProto.newBuilder().setName("then_branch")
                            .setType(AttributeProto.AttributeType.GRAPH).setG(g))).build();
        }
        return model(g);
    }

    /**
     * The bytes of a model with {@code depth} If nodes nested through then_branch, encoded by hand from the
     * inside out: protobuf's own builders and serializer would recurse as deep as the nesting.
     */
    public static byte[] nestedIfBytes(int depth) {
        Prepender b = new Prepender();
        byte[] name = "then_branch".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < depth; i++) {
            // AttributeProto { name = 1, type = 20 (GRAPH = 5), g = 6 }
            b.field(6, b.size());
            b.raw(0xA0, 0x01, 0x05);
            b.bytes(name).varint(name.length).raw(0x0A);
            // NodeProto { op_type = 4 "If", attribute = 5 }
            b.field(5, b.size());
            b.raw(0x22, 0x02, 'I', 'f');
            // GraphProto { node = 1 }
            b.field(1, b.size());
        }
        return b.model();
    }

    /** A model whose graph input has a type nested {@code depth} sequences deep, encoded by hand like {@link #nestedIfBytes}. */
    public static byte[] nestedSequenceTypeBytes(int depth) {
        Prepender b = new Prepender();
        b.raw(0x0A, 0x02, 0x08, 0x01);  // TypeProto { tensor_type = 1 { elem_type = FLOAT } }
        for (int i = 0; i < depth; i++) {
            b.field(1, b.size());  // Sequence { elem_type = 1 }
            b.field(4, b.size());  // TypeProto { sequence_type = 4 }
        }
        b.field(2, b.size());      // ValueInfoProto { type = 2 }
        b.raw(0x0A, 0x01, 'x');    // ValueInfoProto { name = 1 "x" }
        b.field(11, b.size());     // GraphProto { input = 11 }
        return b.model();
    }

    /** Builds a message backwards, so that each length is known when its header is written. */
    private static final class Prepender {
        private byte[] buf = new byte[1024];
        private int start = buf.length;

        int size() { return buf.length - start; }

        Prepender raw(int... bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) put((byte) bytes[i]);
            return this;
        }

        Prepender bytes(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) put(bytes[i]);
            return this;
        }

        /** A length-delimited field header for the last {@code length} bytes. */
        void field(int number, int length) {
            varint(length);
            varint(number << 3 | 2);
        }

        Prepender varint(long v) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while ((v & ~0x7FL) != 0) {
                o.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            o.write((int) v);
            return bytes(o.toByteArray());
        }

        /** Wraps what was built as the graph of a model with ir_version 8 and opset 17. */
        byte[] model() {
            field(7, size());
            raw(0x08, 0x08, 0x42, 0x02, 0x10, 0x11);
            return Arrays.copyOfRange(buf, start, buf.length);
        }

        private void put(byte x) {
            if (start == 0) {
                byte[] bigger = new byte[buf.length * 2];
                System.arraycopy(buf, 0, bigger, buf.length, buf.length);
                start = buf.length;
                buf = bigger;
            }
            buf[--start] = x;
        }
    }
}
