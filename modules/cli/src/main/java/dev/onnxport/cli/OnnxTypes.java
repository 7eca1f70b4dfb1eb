package dev.onnxport.cli;

import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;

/** Text for ONNX element types and shapes, and element sizes, as the inspect command prints them. */
final class OnnxTypes {
    private OnnxTypes() {}

    private static final String[] NAMES = {"undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64",
        "string", "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
        "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4"};
    /** Bits per element, by data type; 0 where the size is not fixed (strings). */
    private static final int[] BITS = {0, 32, 8, 8, 16, 16, 32, 64, 0, 8, 16, 64, 32, 64, 64, 128, 16, 8, 8, 8, 8, 4, 4};

    static String elemName(int dataType) {
        return dataType >= 0 && dataType < NAMES.length ? NAMES[dataType] : "type" + dataType;
    }

    /** {@code float32 [batch, 3, 224, 224]}; a dimension with neither value nor name is {@code ?}. */
    static String text(TypeProto t) {
        if (!t.hasTensorType()) return t.getValueCase().name().toLowerCase();
        TypeProto.Tensor tt = t.getTensorType();
        String s = elemName(tt.getElemType());
        return tt.hasShape() ? s + " " + shape(tt.getShape()) : s;
    }

    static String shape(TensorShapeProto shape) {
        StringBuilder sb = new StringBuilder("[");
        for (TensorShapeProto.Dimension d : shape.getDimList()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
        }
        return sb.append(']').toString();
    }

    /** Bytes of a tensor's data by its dims and type, however it is stored (raw, typed fields or external). */
    static long bytes(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        int type = t.getDataType();
        int bits = type >= 0 && type < BITS.length ? BITS[type] : 0;
        return (n * bits + 7) / 8;
    }

    static long numel(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        return n;
    }
}
