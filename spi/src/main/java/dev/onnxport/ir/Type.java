package dev.onnxport.ir;

import dev.onnxport.tensor.DType;
import java.util.Arrays;

/**
 * The type of a graph value: a tensor with dtype and shape, or a non-tensor (int, float, bool,
 * string, None, lists). Tensor dims are the sizes seen while tracing; {@code symbols} names the dims
 * that are dynamic (null entries are static).
 */
public final class Type {
    public enum Kind { TENSOR, INT, FLOAT, BOOL, STR, NONE, TENSOR_LIST, INT_LIST, FLOAT_LIST, BOOL_LIST, SCALAR_TYPE, OTHER }

    public static final Type INT = new Type(Kind.INT, null, null, null);
    public static final Type FLOAT = new Type(Kind.FLOAT, null, null, null);
    public static final Type BOOL = new Type(Kind.BOOL, null, null, null);
    public static final Type STR = new Type(Kind.STR, null, null, null);
    public static final Type NONE = new Type(Kind.NONE, null, null, null);
    public static final Type TENSOR_LIST = new Type(Kind.TENSOR_LIST, null, null, null);
    public static final Type INT_LIST = new Type(Kind.INT_LIST, null, null, null);
    public static final Type FLOAT_LIST = new Type(Kind.FLOAT_LIST, null, null, null);
    public static final Type BOOL_LIST = new Type(Kind.BOOL_LIST, null, null, null);
    public static final Type SCALAR_TYPE = new Type(Kind.SCALAR_TYPE, null, null, null);
    public static final Type OTHER = new Type(Kind.OTHER, null, null, null);

    /** A dim symbol meaning "size not known at export": written as a dimension with neither value nor name. */
    public static final String UNKNOWN_DIM = "?";

    private final Kind kind;
    private final DType dtype;
    private final long[] shape;
    private final String[] symbols;

    private Type(Kind kind, DType dtype, long[] shape, String[] symbols) {
        this.kind = kind;
        this.dtype = dtype;
        this.shape = shape;
        this.symbols = symbols;
    }

    public static Type tensor(DType dtype, long[] shape) {
        return new Type(Kind.TENSOR, dtype, shape.clone(), null);
    }

    /** A tensor whose dtype is known but whose shape is not (values made by export passes that cannot infer it). */
    public static Type tensor(DType dtype) {
        return new Type(Kind.TENSOR, dtype, null, null);
    }

    /** This tensor type with dim {@code d} named {@code symbol} (dynamic). */
    public Type withSymbol(int d, String symbol) {
        if (kind != Kind.TENSOR) throw new IllegalStateException("only tensor dims can be symbolic");
        String[] s = symbols == null ? new String[shape.length] : symbols.clone();
        s[d] = symbol;
        return new Type(kind, dtype, shape, s);
    }

    public Kind kind() { return kind; }
    public boolean isTensor() { return kind == Kind.TENSOR; }
    public DType dtype() { return dtype; }
    public long[] shape() { return shape == null ? null : shape.clone(); }
    /** False only for a tensor made by {@link #tensor(DType)}: dtype known, shape unknown. */
    public boolean hasShape() { return shape != null; }
    public int rank() {
        if (shape == null) throw new IllegalStateException("the shape of this " + dtype.irName() + " tensor is unknown");
        return shape.length;
    }
    /** The symbol of dim {@code d}, or null when static. */
    public String symbol(int d) { return symbols == null ? null : symbols[d]; }

    @Override
    public String toString() {
        if (kind != Kind.TENSOR) {
            return switch (kind) {
                case INT -> "int"; case FLOAT -> "float"; case BOOL -> "bool"; case STR -> "str"; case NONE -> "NoneType";
                case TENSOR_LIST -> "Tensor[]"; case INT_LIST -> "int[]"; case FLOAT_LIST -> "float[]";
                case BOOL_LIST -> "bool[]"; case SCALAR_TYPE -> "ScalarType"; default -> "Any";
            };
        }
        if (shape == null) return dtype.irName() + "(*)";
        StringBuilder sb = new StringBuilder(dtype.irName()).append('(');
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            String s = symbol(i);
            sb.append(s != null ? s : Long.toString(shape[i]));
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Type t && t.kind == kind && t.dtype == dtype && Arrays.equals(t.shape, shape)
                && Arrays.equals(t.symbols, symbols);
    }

    @Override
    public int hashCode() { return kind.hashCode() * 31 + Arrays.hashCode(shape); }
}
