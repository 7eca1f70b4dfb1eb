package dev.onnxport.ops;

/**
 * The type of one schema argument or return, as PyTorch writes it: {@code Tensor?}, {@code int[2]},
 * {@code SymInt[]}, {@code Tensor?[]}, {@code ScalarType?}.
 *
 * @param base        the element kind
 * @param list        whether it is a list ({@code T[]} or {@code T[N]})
 * @param fixedLength N of {@code T[N]}, or -1
 * @param optional    {@code T?} or {@code T[]?}: None is allowed
 * @param elementOptional {@code T?[]}: list elements may be None
 */
public record ArgType(Kind base, boolean list, int fixedLength, boolean optional, boolean elementOptional) {

    public enum Kind { TENSOR, INT, SYMINT, FLOAT, SCALAR, BOOL, STR, SCALAR_TYPE, LAYOUT, DEVICE, MEMORY_FORMAT, GENERATOR }

    public boolean isTensor() { return base == Kind.TENSOR && !list; }
    public boolean isTensorList() { return base == Kind.TENSOR && list; }
    /** True for {@code int} and {@code SymInt} (lists included). */
    public boolean isIntLike() { return base == Kind.INT || base == Kind.SYMINT; }

    static ArgType parse(String s) {
        String t = s.trim();
        boolean optional = false;
        if (t.endsWith("?")) { optional = true; t = t.substring(0, t.length() - 1); }
        boolean list = false;
        int fixed = -1;
        if (t.endsWith("]")) {
            int open = t.lastIndexOf('[');
            String n = t.substring(open + 1, t.length() - 1);
            fixed = n.isEmpty() ? -1 : Integer.parseInt(n);
            list = true;
            t = t.substring(0, open);
        }
        boolean elemOptional = false;
        if (t.endsWith("?")) { elemOptional = true; t = t.substring(0, t.length() - 1); }
        // alias annotations: Tensor(a), Tensor(a!), Tensor(a -> *)
        int paren = t.indexOf('(');
        if (paren >= 0) t = t.substring(0, paren);
        Kind k = switch (t.trim()) {
            case "Tensor" -> Kind.TENSOR;
            case "int" -> Kind.INT;
            case "SymInt" -> Kind.SYMINT;
            case "float" -> Kind.FLOAT;
            case "Scalar" -> Kind.SCALAR;
            case "bool" -> Kind.BOOL;
            case "str" -> Kind.STR;
            case "ScalarType" -> Kind.SCALAR_TYPE;
            case "Layout" -> Kind.LAYOUT;
            case "Device" -> Kind.DEVICE;
            case "MemoryFormat" -> Kind.MEMORY_FORMAT;
            case "Generator" -> Kind.GENERATOR;
            default -> throw new IllegalArgumentException("unknown schema type '" + s + "'");
        };
        return new ArgType(k, list, fixed, optional, elemOptional);
    }

    @Override
    public String toString() {
        String n = switch (base) {
            case TENSOR -> "Tensor"; case INT -> "int"; case SYMINT -> "SymInt"; case FLOAT -> "float";
            case SCALAR -> "Scalar"; case BOOL -> "bool"; case STR -> "str"; case SCALAR_TYPE -> "ScalarType";
            case LAYOUT -> "Layout"; case DEVICE -> "Device"; case MEMORY_FORMAT -> "MemoryFormat"; case GENERATOR -> "Generator";
        };
        if (elementOptional) n += "?";
        if (list) n += "[" + (fixedLength >= 0 ? fixedLength : "") + "]";
        if (optional) n += "?";
        return n;
    }
}
