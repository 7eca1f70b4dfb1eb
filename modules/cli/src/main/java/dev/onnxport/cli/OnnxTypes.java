package dev.onnxport.cli;

import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.schema.ElementTypes;
import dev.onnxport.tensor.DType;

/**
 * Text for ONNX element types and shapes, and element sizes, as the inspect command prints them: PyTorch's dtype
 * names ({@code float32}, {@code int64}) for the types onnxport computes in, ONNX's names (from
 * {@link ElementTypes}, the one table) for the others.
 */
final class OnnxTypes {
    private OnnxTypes() {}

    /** {@code float32} for 1 (a {@link DType}'s PyTorch name), {@code uint16} for 4 (ONNX's), {@code type99} when unknown. */
    static String elemName(int dataType) {
        if (dataType == 0) return "undefined";
        for (DType d : DType.values()) if (d.onnxCode() == dataType) return d.torchName();
        String onnx = ElementTypes.name(dataType);
        return onnx != null ? onnx : "type" + dataType;
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

    /** Bytes of a tensor's data by its dims and type, however it is stored (raw, typed fields or external); 0 for strings. */
    static long bytes(TensorProto t) {
        int type = t.getDataType();
        long bytes = ElementTypes.known(type) ? ElementTypes.byteSize(type, numel(t)) : 0;
        return Math.max(bytes, 0);
    }

    static long numel(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        return n;
    }
}
