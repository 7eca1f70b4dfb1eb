package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.onnx.proto.TensorProto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** inspect's names and sizes of element types, derived from ElementTypes and DType, print as they always have. */
class OnnxTypesTest {
    @Test
    void namesEveryDataType() {
        List<String> names = new ArrayList<>();
        for (int code = -1; code <= 23; code++) names.add(OnnxTypes.elemName(code));
        assertEquals(List.of("type-1", "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64",
                "string", "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
                "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "type23"), names);
    }

    @Test
    void sizesPackedTypesAndNoneForStrings() {
        assertEquals(24, OnnxTypes.bytes(tensor(1, 2, 3)));      // float: 6 x 4
        assertEquals(3, OnnxTypes.bytes(tensor(22, 5)));         // int4: 5 elements in 3 bytes
        assertEquals(0, OnnxTypes.bytes(tensor(8, 4)));          // string: no fixed size
        assertEquals(0, OnnxTypes.bytes(tensor(99, 4)));         // unknown
        assertEquals(96, OnnxTypes.bytes(tensor(15, 6)));        // complex128
    }

    private static TensorProto tensor(int type, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setDataType(type);
        for (long d : dims) b.addDims(d);
        return b.build();
    }
}
