package dev.onnxport.onnx.writer;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link AssembledModel} as protobuf bytes, streaming each initializer's raw data from its
 * storage instead of building a ByteString. The output is byte-identical to {@code toByteArray()} of the
 * same ModelProto built with the initializers in it: protobuf writes fields in field-number order, so the
 * model is written as [fields before graph] [graph] [fields after graph], and the graph as [node, name]
 * [initializer...] [fields after initializer], each part serialized by the generated code.
 */
final class ModelSerializer {
    private static final int MODEL_GRAPH = ModelProto.GRAPH_FIELD_NUMBER;
    private static final int GRAPH_INITIALIZER = GraphProto.INITIALIZER_FIELD_NUMBER;
    private static final int TENSOR_RAW_DATA = TensorProto.RAW_DATA_FIELD_NUMBER;

    /** One initializer: its TensorProto without raw data, and the tensor whose bytes follow (null when external). */
    private record Entry(TensorProto header, Tensor data) {
        Entry {
            if (data != null && TensorBytes.rawSize(data) == 0) data = null;   // no data field for 0 elements, as embedded
        }

        long rawSize() { return data == null ? 0 : TensorBytes.rawSize(data); }

        long size() {
            long n = header.getSerializedSize();
            if (data != null) n += CodedOutputStream.computeTagSize(TENSOR_RAW_DATA) + CodedOutputStream.computeUInt64SizeNoTag(rawSize()) + rawSize();
            return n;
        }
    }

    private final ModelProto modelHead;
    private final ModelProto modelTail;
    private final GraphProto graphHead;
    private final GraphProto graphTail;
    private final List<Entry> entries;
    private final long graphSize;
    private final long size;

    private ModelSerializer(ModelProto skeleton, List<Entry> entries) {
        ModelProto.Builder head = skeleton.toBuilder().clearGraph().clearOpsetImport().clearMetadataProps()
                .clearTrainingInfo().clearFunctions();
        this.modelHead = head.build();
        this.modelTail = ModelProto.newBuilder().addAllOpsetImport(skeleton.getOpsetImportList())
                .addAllMetadataProps(skeleton.getMetadataPropsList()).addAllTrainingInfo(skeleton.getTrainingInfoList())
                .addAllFunctions(skeleton.getFunctionsList()).build();
        GraphProto g = skeleton.getGraph();
        GraphProto.Builder gh = GraphProto.newBuilder().addAllNode(g.getNodeList());
        if (g.hasName()) gh.setName(g.getName());
        this.graphHead = gh.build();
        this.graphTail = g.toBuilder().clearNode().clearName().build();
        this.entries = entries;
        long gs = graphHead.getSerializedSize() + graphTail.getSerializedSize();
        for (Entry e : entries) {
            long es = e.size();
            gs += CodedOutputStream.computeTagSize(GRAPH_INITIALIZER) + CodedOutputStream.computeUInt64SizeNoTag(es) + es;
        }
        this.graphSize = gs;
        this.size = modelHead.getSerializedSize() + CodedOutputStream.computeTagSize(MODEL_GRAPH)
                + CodedOutputStream.computeUInt64SizeNoTag(gs) + gs + modelTail.getSerializedSize();
    }

    /** Every initializer embedded as raw data. */
    static ModelSerializer embedded(AssembledModel m) {
        List<Entry> es = new ArrayList<>();
        for (AssembledModel.Initializer i : m.initializers()) es.add(new Entry(TensorBytes.header(i.name(), i.data()).build(), i.data()));
        return new ModelSerializer(m.skeleton(), es);
    }

    /** Initializers placed by {@code layout} refer to the data file; the others stay embedded. */
    static ModelSerializer external(AssembledModel m, ExternalDataLayout layout) {
        List<Entry> es = new ArrayList<>();
        for (AssembledModel.Initializer i : m.initializers()) {
            ExternalDataLayout.Placement p = layout.placement(i);
            es.add(p == null ? new Entry(TensorBytes.header(i.name(), i.data()).build(), i.data()) : new Entry(layout.header(p), null));
        }
        return new ModelSerializer(m.skeleton(), es);
    }

    /** Bytes this model takes. */
    long size() { return size; }

    /** True when protobuf parsers accept the model (messages are limited to 2 GiB). */
    boolean fitsProtobufLimit() { return size <= Integer.MAX_VALUE; }

    void writeTo(OutputStream out) throws IOException {
        if (!fitsProtobufLimit()) {
            throw new IllegalStateException("the model takes " + size + " bytes, more than protobuf's 2 GiB limit; use external data");
        }
        CodedOutputStream cos = CodedOutputStream.newInstance(out, 64 * 1024);
        byte[] buffer = out instanceof ChannelSink ? null : new byte[TensorBytes.CHUNK];
        OutputStream raw = new CodedOutput(cos);
        modelHead.writeTo(cos);
        cos.writeTag(MODEL_GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        cos.writeUInt32NoTag((int) graphSize);
        graphHead.writeTo(cos);
        for (Entry e : entries) {
            cos.writeTag(GRAPH_INITIALIZER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            cos.writeUInt32NoTag((int) e.size());
            e.header().writeTo(cos);
            if (e.data() != null) {
                cos.writeTag(TENSOR_RAW_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                cos.writeUInt32NoTag((int) e.rawSize());
                if (out instanceof ChannelSink sink) {
                    cos.flush();   // the fields so far, then the tensor straight from its storage
                    sink.writeTensor(e.data());
                } else {
                    TensorBytes.stream(e.data(), raw, buffer);
                }
            }
        }
        graphTail.writeTo(cos);
        modelTail.writeTo(cos);
        cos.flush();
    }

    /** Lets tensor bytes go through the coded stream's own buffer, in order with the fields around them. */
    private static final class CodedOutput extends OutputStream {
        private final CodedOutputStream cos;

        CodedOutput(CodedOutputStream cos) { this.cos = cos; }

        @Override public void write(int b) throws IOException { cos.write((byte) b); }

        @Override public void write(byte[] b, int off, int len) throws IOException { cos.writeRawBytes(b, off, len); }
    }
}
