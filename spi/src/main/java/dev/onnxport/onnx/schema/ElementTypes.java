package dev.onnxport.onnx.schema;

import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.tensor.DType;

/**
 * The one table of ONNX element types (TensorProto.DataType values): their names in type strings
 * ("tensor(float)") and their sizes. Every other place that names or sizes an element type reads it here.
 */
public final class ElementTypes {
    private ElementTypes() {}

    /** Indexed by TensorProto.DataType value; null where the value is not an element type. */
    private static final String[] NAMES = {
        null, "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16",
        "double", "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz",
        "float8e5m2", "float8e5m2fnuz", "uint4", "int4"
    };
    /** Bits per element, indexed like NAMES; 0 for string (no fixed size). */
    private static final int[] BITS = {0, 32, 8, 8, 16, 16, 32, 64, 0, 8, 16, 64, 32, 64, 64, 128, 16, 8, 8, 8, 8, 4, 4};

    public static final int FLOAT = 1, STRING = 8, DOUBLE = 11, INT64 = 7, UINT32 = 12, UINT64 = 13,
            COMPLEX64 = 14, COMPLEX128 = 15;

    /** Whether the value names a real element type (not UNDEFINED, not out of range). */
    public static boolean known(int dataType) {
        return dataType > 0 && dataType < NAMES.length;
    }

    /** "float" for 1; null when unknown. */
    public static String name(int dataType) {
        return known(dataType) ? NAMES[dataType] : null;
    }

    /** The ONNX name of a dtype ("float" for FLOAT32), as schemas write it inside {@code tensor(...)}. */
    public static String name(DType d) { return NAMES[d.onnxCode()]; }

    /** "tensor(float)" for 1; null when unknown. */
    public static String tensorType(int dataType) {
        return known(dataType) ? "tensor(" + NAMES[dataType] + ")" : null;
    }

    /** "tensor(float)" for FLOAT32, as schemas write the type of a tensor of this dtype. */
    public static String tensorType(DType d) { return tensorType(d.onnxCode()); }

    /** Bits per element: 4 for the 4-bit types, 0 for string (no fixed size), -1 when the type is unknown. */
    public static int bits(int dataType) {
        return known(dataType) ? BITS[dataType] : -1;
    }

    /** Bytes needed for numel elements packed (4-bit types take half a byte each); -1 for string. */
    public static long byteSize(int dataType, long numel) {
        int bits = BITS[dataType];
        if (bits == 0) return -1;
        return (numel * bits + 7) / 8;
    }

    /** Whether elements of this type are 4 bits wide (packed two per byte or per int32_data entry). */
    public static boolean fourBit(int dataType) {
        return known(dataType) && BITS[dataType] == 4;
    }

    /**
     * The ONNX type string of a value type, as schemas write it ("tensor(float)", "seq(tensor(int64))"),
     * or null when the type or its element type is not known.
     */
    public static String typeString(TypeProto t) {
        switch (t.getValueCase()) {
            case TENSOR_TYPE:
                return tensorType(t.getTensorType().getElemType());
            case SPARSE_TENSOR_TYPE: {
                String n = name(t.getSparseTensorType().getElemType());
                return n == null ? null : "sparse_tensor(" + n + ")";
            }
            case SEQUENCE_TYPE: {
                String e = t.getSequenceType().hasElemType() ? typeString(t.getSequenceType().getElemType()) : null;
                return e == null ? null : "seq(" + e + ")";
            }
            case OPTIONAL_TYPE: {
                String e = t.getOptionalType().hasElemType() ? typeString(t.getOptionalType().getElemType()) : null;
                return e == null ? null : "optional(" + e + ")";
            }
            case MAP_TYPE: {
                String k = name(t.getMapType().getKeyType());
                String v = t.getMapType().hasValueType() ? typeString(t.getMapType().getValueType()) : null;
                return k == null || v == null ? null : "map(" + k + ", " + v + ")";
            }
            default:
                return null;
        }
    }
}
