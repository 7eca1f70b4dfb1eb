package dev.onnxport.onnx.aten;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ops.Schema;
import dev.onnxport.tensor.DType;

/**
 * The ONNX attribute value of a non-tensor argument, chosen as torch does: int -> INT, float -> FLOAT,
 * bool -> INT 0/1, str -> STRING, int[] -> INTS, float[] -> FLOATS, bool[] -> INTS 0/1, ScalarType -> INT
 * (the PyTorch ScalarType code); a Scalar takes the kind of its value (an int Scalar is INT, a float one
 * FLOAT). None gives no attribute.
 */
final class AtenAttributes {
    private AtenAttributes() {}

    /** The attribute for {@code value} of argument {@code a}, or null when the argument is None. */
    static Object of(Schema s, Schema.Argument a, Object value) {
        if (value == null) return null;
        if (value instanceof Boolean b) return b ? 1L : 0L;
        if (value instanceof Long || value instanceof Double || value instanceof String) return value;
        if (value instanceof Integer i) return (long) i;
        if (value instanceof DType d) return (long) d.torchCode();
        if (value instanceof long[] l) return l.clone();
        if (value instanceof double[] d) return d.clone();
        if (value instanceof Boolean[] bs) {
            long[] out = new long[bs.length];
            for (int k = 0; k < bs.length; k++) out[k] = bs[k] ? 1 : 0;
            return out;
        }
        throw new SymbolicValueError("ONNX_ATEN cannot write " + s.qualifiedName() + " argument '" + a.name() + "' ("
                + a.type() + ") with value " + value + " (" + value.getClass().getSimpleName()
                + ") as an ONNX attribute; pass None (the default) for it");
    }
}
