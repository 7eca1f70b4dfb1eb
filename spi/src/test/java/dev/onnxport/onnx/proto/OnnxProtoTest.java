package dev.onnxport.onnx.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class OnnxProtoTest {

    private static ValueInfoProto floatInput(String name, String batchParam, long width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchParam))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static ModelProto sampleModel() {
        ByteBuffer raw = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        raw.putFloat(1.5f).putFloat(-2f).putFloat(0.25f);
        TensorProto bias = TensorProto.newBuilder()
                .setName("bias").addDims(3).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()))
                .build();
        NodeProto add = NodeProto.newBuilder()
                .setName("add0").setOpType("Add").setDomain("")
                .addInput("x").addInput("bias").addOutput("y")
                .build();
        GraphProto graph = GraphProto.newBuilder()
                .setName("g").addNode(add).addInitializer(bias)
                .addInput(floatInput("x", "batch", 3)).addOutput(floatInput("y", "batch", 3))
                .build();
        FunctionProto twice = FunctionProto.newBuilder()
                .setName("Twice").setDomain("local").addInput("a").addOutput("b")
                .addAttributeProto(AttributeProto.newBuilder().setName("k").setType(AttributeProto.AttributeType.INT).setI(2))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("a").addInput("a").addOutput("b"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(Version.IR_VERSION_VALUE).setProducerName("onnxport")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local").setVersion(1))
                .setGraph(graph).addFunctions(twice)
                .build();
    }

    @Test
    void modelRoundTripsThroughBytes() throws Exception {
        ModelProto back = ModelProto.parseFrom(sampleModel().toByteArray());
        assertEquals(sampleModel(), back);
        assertEquals(10, back.getIrVersion());
        assertEquals(2, back.getOpsetImportCount());
        assertEquals(17, back.getOpsetImport(0).getVersion());

        NodeProto add = back.getGraph().getNode(0);
        assertEquals("Add", add.getOpType());
        assertTrue(add.hasDomain(), "proto2 keeps presence of an explicitly set empty domain");
        assertEquals(java.util.List.of("x", "bias"), add.getInputList());

        TensorShapeProto.Dimension batch = back.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0);
        assertEquals(TensorShapeProto.Dimension.ValueCase.DIM_PARAM, batch.getValueCase());
        assertEquals("batch", batch.getDimParam());
        assertFalse(batch.hasDimValue());
        assertEquals(3, back.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());

        TensorProto bias = back.getGraph().getInitializer(0);
        ByteBuffer raw = bias.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = {raw.getFloat(), raw.getFloat(), raw.getFloat()};
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, values);
        assertEquals(TensorProto.DataLocation.DEFAULT, bias.getDataLocation());
        assertFalse(bias.hasDataLocation());

        FunctionProto f = back.getFunctions(0);
        assertEquals("Twice", f.getName());
        assertEquals(2, f.getAttributeProto(0).getI());
        assertEquals(17, f.getOpsetImport(0).getVersion());
    }

    @Test
    void externalDataAndTypeProtoAttributesRoundTrip() throws Exception {
        TensorProto t = TensorProto.newBuilder()
                .setName("w").addDims(1024).setDataType(TensorProto.DataType.FLOAT8E4M3FN_VALUE)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("4096"))
                .build();
        AttributeProto tp = AttributeProto.newBuilder().setName("dtype").setType(AttributeProto.AttributeType.TYPE_PROTOS)
                .addTypeProtos(TypeProto.newBuilder().setOptionalType(TypeProto.Optional.newBuilder()
                        .setElemType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder()
                                .setElemType(TypeProto.newBuilder().setTensorType(
                                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT4_VALUE)))))))
                .build();
        TensorProto tBack = TensorProto.parseFrom(t.toByteArray());
        assertEquals(TensorProto.DataLocation.EXTERNAL, tBack.getDataLocation());
        assertEquals("w.bin", tBack.getExternalData(0).getValue());
        assertEquals(17, tBack.getDataType());
        AttributeProto aBack = AttributeProto.parseFrom(tp.toByteArray());
        assertEquals(22, aBack.getTypeProtos(0).getOptionalType().getElemType().getSequenceType().getElemType()
                .getTensorType().getElemType());
    }

    @Test
    void fieldNumbersFollowTheOnnxSpecification() {
        assertField(ModelProto.getDescriptor(), "ir_version", 1);
        assertField(ModelProto.getDescriptor(), "graph", 7);
        assertField(ModelProto.getDescriptor(), "opset_import", 8);
        assertField(ModelProto.getDescriptor(), "metadata_props", 14);
        assertField(ModelProto.getDescriptor(), "training_info", 20);
        assertField(ModelProto.getDescriptor(), "functions", 25);
        assertField(NodeProto.getDescriptor(), "attribute", 5);
        assertField(NodeProto.getDescriptor(), "domain", 7);
        assertField(NodeProto.getDescriptor(), "overload", 8);
        assertField(GraphProto.getDescriptor(), "initializer", 5);
        assertField(GraphProto.getDescriptor(), "input", 11);
        assertField(GraphProto.getDescriptor(), "sparse_initializer", 15);
        assertField(AttributeProto.getDescriptor(), "type", 20);
        assertField(AttributeProto.getDescriptor(), "ref_attr_name", 21);
        assertField(AttributeProto.getDescriptor(), "tp", 14);
        assertField(AttributeProto.getDescriptor(), "sparse_tensors", 23);
        assertField(TensorProto.getDescriptor(), "raw_data", 9);
        assertField(TensorProto.getDescriptor(), "external_data", 13);
        assertField(TensorProto.getDescriptor(), "data_location", 14);
        assertField(TensorProto.getDescriptor(), "double_data", 10);
        assertField(TensorProto.getDescriptor(), "metadata_props", 16);
        assertField(TypeProto.getDescriptor(), "optional_type", 9);
        assertField(TypeProto.getDescriptor(), "sparse_tensor_type", 8);
        assertField(TensorShapeProto.Dimension.getDescriptor(), "dim_param", 2);
        assertField(FunctionProto.getDescriptor(), "attribute_proto", 11);
        assertField(FunctionProto.getDescriptor(), "value_info", 12);
        assertField(FunctionProto.getDescriptor(), "overload", 13);
        assertTrue(TensorProto.getDescriptor().findFieldByName("float_data").isPacked());
    }

    @Test
    void enumValuesFollowTheOnnxSpecification() {
        assertEquals(10, Version.IR_VERSION_VALUE);
        assertEquals(16, TensorProto.DataType.BFLOAT16_VALUE);
        assertEquals(20, TensorProto.DataType.FLOAT8E5M2FNUZ_VALUE);
        assertEquals(21, TensorProto.DataType.UINT4_VALUE);
        assertEquals(22, TensorProto.DataType.INT4_VALUE);
        EnumDescriptor at = AttributeProto.AttributeType.getDescriptor();
        assertEquals(11, at.findValueByName("SPARSE_TENSOR").getNumber());
        assertEquals(13, at.findValueByName("TYPE_PROTO").getNumber());
        assertEquals(14, at.findValueByName("TYPE_PROTOS").getNumber());
    }

    private static void assertField(Descriptor d, String name, int number) {
        assertTrue(d.findFieldByName(name) != null, d.getName() + " has no field " + name);
        assertEquals(number, d.findFieldByName(name).getNumber(), d.getName() + "." + name);
    }
}
