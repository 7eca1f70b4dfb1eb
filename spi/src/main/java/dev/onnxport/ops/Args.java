package dev.onnxport.ops;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one operator call, bound to its schema (positional, keyword and defaults) and
 * normalized to a few Java types:
 * <ul>
 *   <li>{@code Tensor}, {@code Tensor?}: {@link Tensor} or null; {@code Tensor[]}: {@code Tensor[]}</li>
 *   <li>{@code int}, {@code SymInt}: {@link Long} or {@link SymInt}; lists: {@code long[]} or {@code SymInt[]}</li>
 *   <li>{@code float}: {@link Double}; {@code float[]}: {@code double[]}</li>
 *   <li>{@code Scalar}: {@link Long}, {@link Double} or {@link Boolean}</li>
 *   <li>{@code bool}: {@link Boolean}; {@code str}: {@link String}; {@code ScalarType}: {@link DType}</li>
 *   <li>{@code Layout}, {@code Device}, {@code MemoryFormat}: ignored (kept as given)</li>
 * </ul>
 * Kernels read them with the typed accessors, which accept negative-free indexes in schema order.
 */
public final class Args {
    private final OpDef op;
    private final Object[] values;

    private Args(OpDef op, Object[] values) {
        this.op = op;
        this.values = values;
    }

    public OpDef op() { return op; }
    public int size() { return values.length; }
    /** The normalized value of argument {@code i}, exactly as stored. */
    public Object raw(int i) { return values[i]; }
    public Object raw(String name) { return values[index(name)]; }
    public boolean isNone(int i) { return values[i] == null; }

    public Tensor tensor(int i) { return (Tensor) values[i]; }
    public Tensor tensor(String name) { return tensor(index(name)); }

    public Tensor[] tensors(int i) { return (Tensor[]) values[i]; }

    /** An int argument (a symbolic int gives its traced value); None is an error naming the argument. */
    public long integer(int k) {
        Object v = values[k];
        if (v instanceof SymInt s) return s.value();
        if (v == null) throw new IllegalArgumentException(op.qualifiedName() + ": argument '" + name(k) + "' is None");
        return ((Number) v).longValue();
    }
    public long integer(String name) { return integer(index(name)); }

    /** An optional int: null when None. */
    public Long optInteger(int k) { return values[k] == null ? null : integer(k); }

    /** A float argument; an int or bool is widened. */
    public double real(int k) {
        Object v = values[k];
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof SymInt s) return s.value();
        return ((Number) v).doubleValue();
    }
    public double real(String name) { return real(index(name)); }

    /** An optional float: null when None. */
    public Double optReal(int k) { return values[k] == null ? null : real(k); }

    public boolean bool(int k) { return (Boolean) values[k]; }
    public boolean bool(String name) { return bool(index(name)); }

    public String string(int k) { return (String) values[k]; }

    public DType dtype(int k) { return (DType) values[k]; }

    /** A Scalar argument as given: Long, Double or Boolean (null when None); a symbolic int gives its value. */
    public Object scalar(int k) { return values[k] instanceof SymInt s ? (Object) s.value() : values[k]; }

    /** True when the scalar at {@code k} is a floating-point number (PyTorch's Python float). */
    public boolean scalarIsFloat(int k) { return values[k] instanceof Double; }

    /** An int list with its concrete values (SymInts give their values). */
    public long[] ints(int k) {
        Object v = values[k];
        if (v == null) return null;
        if (v instanceof long[] a) return a.clone();
        SymInt[] s = (SymInt[]) v;
        long[] out = new long[s.length];
        for (int j = 0; j < s.length; j++) out[j] = s[j].value();
        return out;
    }
    public long[] ints(String name) { return ints(index(name)); }

    public double[] floats(int k) {
        Object v = values[k];
        return v == null ? null : ((double[]) v).clone();
    }

    /** True when any tensor argument is a meta tensor; the dispatcher then uses the shape rule. */
    public boolean anyMeta() {
        for (Object v : values) {
            if (v instanceof Tensor t && t.isMeta()) return true;
            if (v instanceof Tensor[] ts) for (Tensor t : ts) if (t != null && t.isMeta()) return true;
        }
        return false;
    }

    public String name(int k) { return op.schema().arguments().get(k).name(); }

    private int index(String name) {
        int i = op.schema().indexOf(name);
        if (i < 0) throw new IllegalArgumentException(op.qualifiedName() + " has no argument '" + name + "'");
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(op.qualifiedName()).append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            Object v = values[i];
            sb.append(name(i)).append('=');
            if (v instanceof long[] a) sb.append(Arrays.toString(a));
            else if (v instanceof double[] a) sb.append(Arrays.toString(a));
            else if (v instanceof Object[] a) sb.append(Arrays.toString(a));
            else sb.append(v);
        }
        return sb.append(')').toString();
    }

    // ---- binding -----------------------------------------------------------------------------

    /**
     * Binds positional and keyword arguments to {@code op}'s schema, filling defaults.
     * Errors name the operator, the argument and what was expected.
     */
    public static Args bind(OpDef op, Object[] positional, Map<String, ?> kwargs) {
        List<Schema.Argument> params = op.schema().arguments();
        if (positional.length > params.size()) {
            throw new IllegalArgumentException(op.qualifiedName() + " takes " + params.size() + " arguments, got "
                    + positional.length + " positional; schema: " + op.schema());
        }
        Object[] vals = new Object[params.size()];
        int used = 0;
        for (int i = 0; i < params.size(); i++) {
            Schema.Argument p = params.get(i);
            Object v;
            if (i < positional.length) {
                if (kwargs != null && kwargs.containsKey(p.name())) {
                    throw new IllegalArgumentException(op.qualifiedName() + ": argument '" + p.name() + "' given twice");
                }
                v = positional[i];
            } else if (kwargs != null && kwargs.containsKey(p.name())) {
                v = kwargs.get(p.name());
                used++;
            } else if (p.hasDefault()) {
                v = parseDefault(p);
            } else if (p.type().optional()) {
                v = null;
            } else {
                throw new IllegalArgumentException(op.qualifiedName() + ": missing argument '" + p.name() + "' ("
                        + p.type() + "); schema: " + op.schema());
            }
            vals[i] = coerce(op, p, v);
        }
        if (kwargs != null && used != kwargs.size()) {
            for (String k : kwargs.keySet()) {
                int idx = op.schema().indexOf(k);
                if (idx < 0) {
                    throw new IllegalArgumentException(op.qualifiedName() + " has no argument '" + k + "'; schema: " + op.schema());
                }
            }
        }
        return new Args(op, vals);
    }

    /** Arguments already normalized and complete (used by passes that re-run kernels). */
    public static Args ofNormalized(OpDef op, Object[] values) {
        if (values.length != op.schema().arguments().size()) {
            throw new IllegalArgumentException(op.qualifiedName() + " needs " + op.schema().arguments().size() + " values");
        }
        return new Args(op, values.clone());
    }

    /** The stored values (a copy): what the tracer records. */
    public Object[] values() { return values.clone(); }

    private static Object parseDefault(Schema.Argument p) {
        String d = p.defaultText();
        if (d.equals("None")) return null;
        if (d.equals("True")) return true;
        if (d.equals("False")) return false;
        if (d.startsWith("\"") || d.startsWith("'")) return d.substring(1, d.length() - 1);
        if (d.startsWith("[")) {
            String inner = d.substring(1, d.length() - 1).trim();
            if (inner.isEmpty()) return List.of();
            return Arrays.stream(inner.split(",")).map(x -> (Object) parseNumber(x.trim())).toList();
        }
        if (p.type().base() == ArgType.Kind.SCALAR_TYPE || p.type().base() == ArgType.Kind.MEMORY_FORMAT
                || p.type().base() == ArgType.Kind.LAYOUT) {
            return null;
        }
        return parseNumber(d);
    }

    private static Number parseNumber(String s) {
        if (s.contains(".") || s.contains("e") || s.contains("E") || s.contains("inf") || s.contains("nan")) {
            return Double.parseDouble(s);
        }
        return Long.parseLong(s);
    }

    private static Object coerce(OpDef op, Schema.Argument p, Object v) {
        ArgType t = p.type();
        if (v == null) {
            if (t.optional() || t.base() == ArgType.Kind.LAYOUT || t.base() == ArgType.Kind.DEVICE
                    || t.base() == ArgType.Kind.MEMORY_FORMAT || t.base() == ArgType.Kind.GENERATOR) {
                return null;
            }
            throw bad(op, p, "None is not allowed here");
        }
        try {
            if (t.list()) return coerceList(op, p, v);
            return switch (t.base()) {
                case TENSOR -> {
                    if (v instanceof Tensor) yield v;
                    throw bad(op, p, "expected a Tensor, got " + describe(v));
                }
                case INT, SYMINT -> {
                    if (v instanceof SymInt s) yield s.isSymbolic() ? s : (Object) s.value();
                    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                        yield ((Number) v).longValue();
                    }
                    if (v instanceof Boolean b) yield b ? 1L : 0L;
                    throw bad(op, p, "expected an int, got " + describe(v));
                }
                case FLOAT -> {
                    if (v instanceof Number n) yield n.doubleValue();
                    throw bad(op, p, "expected a float, got " + describe(v));
                }
                case SCALAR -> {
                    if (v instanceof Double || v instanceof Float) yield ((Number) v).doubleValue();
                    if (v instanceof Number n) yield n.longValue();
                    if (v instanceof Boolean) yield v;
                    // a size read while tracing stays symbolic (torch.arange(T) must not bake T in)
                    if (v instanceof SymInt s) yield s.isSymbolic() ? s : (Object) s.value();
                    throw bad(op, p, "expected a number, got " + describe(v));
                }
                case BOOL -> {
                    if (v instanceof Boolean) yield v;
                    if (v instanceof Number n) yield n.longValue() != 0;
                    throw bad(op, p, "expected a bool, got " + describe(v));
                }
                case STR -> {
                    if (v instanceof String) yield v;
                    throw bad(op, p, "expected a string, got " + describe(v));
                }
                case SCALAR_TYPE -> {
                    if (v instanceof DType) yield v;
                    if (v instanceof String s) yield DType.fromTorchName(s);
                    if (v instanceof Number n) yield DType.fromTorch(n.intValue());
                    throw bad(op, p, "expected a dtype, got " + describe(v));
                }
                default -> v;
            };
        } catch (ClassCastException e) {
            throw bad(op, p, "wrong type " + describe(v));
        }
    }

    private static Object coerceList(OpDef op, Schema.Argument p, Object v) {
        ArgType t = p.type();
        List<?> items;
        if (v instanceof List<?> l) items = l;
        else if (v instanceof Object[] a) items = Arrays.asList(a);
        else if (v instanceof long[] a) items = Arrays.stream(a).boxed().toList();
        else if (v instanceof int[] a) items = Arrays.stream(a).boxed().toList();
        else if (v instanceof double[] a) items = Arrays.stream(a).boxed().toList();
        else if (v instanceof Number || v instanceof SymInt) {
            // int[2] stride=1 means [1, 1]
            int n = Math.max(t.fixedLength(), 1);
            Object[] rep = new Object[n];
            Arrays.fill(rep, v);
            items = Arrays.asList(rep);
        } else {
            throw bad(op, p, "expected a list, got " + describe(v));
        }
        switch (t.base()) {
            case TENSOR -> {
                Tensor[] out = new Tensor[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Object x = items.get(i);
                    if (x == null && !t.elementOptional()) throw bad(op, p, "element " + i + " is None");
                    if (x != null && !(x instanceof Tensor)) throw bad(op, p, "element " + i + " is " + describe(x) + ", not a Tensor");
                    out[i] = (Tensor) x;
                }
                return out;
            }
            case INT, SYMINT -> {
                boolean sym = items.stream().anyMatch(x -> x instanceof SymInt s && s.isSymbolic());
                if (t.fixedLength() > 1 && items.size() == 1) {
                    Object only = items.get(0);
                    Object[] rep = new Object[t.fixedLength()];
                    Arrays.fill(rep, only);
                    items = Arrays.asList(rep);
                }
                if (sym) {
                    SymInt[] out = new SymInt[items.size()];
                    for (int i = 0; i < out.length; i++) {
                        Object x = items.get(i);
                        out[i] = x instanceof SymInt s ? s : SymInt.of(((Number) x).longValue());
                    }
                    return out;
                }
                long[] out = new long[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Object x = items.get(i);
                    if (x instanceof SymInt s) out[i] = s.value();
                    else if (x instanceof Number n && !(x instanceof Double) && !(x instanceof Float)) out[i] = n.longValue();
                    else throw bad(op, p, "element " + i + " is " + describe(x) + ", not an int");
                }
                return out;
            }
            case FLOAT -> {
                double[] out = new double[items.size()];
                for (int i = 0; i < out.length; i++) out[i] = ((Number) items.get(i)).doubleValue();
                return out;
            }
            case BOOL -> {
                Boolean[] out = new Boolean[items.size()];
                for (int i = 0; i < out.length; i++) out[i] = (Boolean) items.get(i);
                return out;
            }
            default -> { return items.toArray(); }
        }
    }

    private static IllegalArgumentException bad(OpDef op, Schema.Argument p, String what) {
        return new IllegalArgumentException(op.qualifiedName() + ": argument '" + p.name() + "' (" + p.type() + "): " + what);
    }

    private static String describe(Object v) {
        return v == null ? "None" : v.getClass().getSimpleName() + " " + (v instanceof Tensor ? v : String.valueOf(v));
    }
}
