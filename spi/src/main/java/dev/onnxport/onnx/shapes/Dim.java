package dev.onnxport.onnx.shapes;

import java.util.List;

/**
 * One dim of a shape as the {@link ShapeEngine} knows it: a static size, a dynamic dim named by a symbol
 * ({@code batch}, {@code seq}: the same name means the same size), or a dynamic dim of unknown size.
 *
 * <p>A dynamic dim also carries {@code size}, the size it had in the traced example (-1 when that is not known
 * either), so that types made while lowering keep the traced sizes; only static sizes are facts for every run.
 *
 * @param size    the static size; for a dynamic dim the size seen in the example, or -1
 * @param name    the symbol of a named dynamic dim, else null
 * @param dynamic false for a static dim
 */
public record Dim(long size, String name, boolean dynamic) {
    /** A dynamic dim of unknown size, not even seen. */
    public static final Dim UNKNOWN = new Dim(-1, null, true);

    public Dim {
        if (!dynamic && name != null) throw new IllegalArgumentException("a static dim has no name");
        if (name != null && name.isEmpty()) throw new IllegalArgumentException("a dim name is not empty");
    }

    /** A static dim. */
    public static Dim of(long size) { return new Dim(size, null, false); }

    /** A dynamic dim named {@code name}, seen with {@code size} in the example (-1: not known). */
    public static Dim named(String name, long size) { return new Dim(size, name, true); }

    /** A dynamic dim of unknown size, seen with {@code size} in the example (-1: not known). */
    public static Dim unknown(long size) { return new Dim(size, null, true); }

    public boolean isStatic() { return !dynamic; }
    public boolean isNamed() { return name != null; }
    public boolean isUnknown() { return dynamic && name == null; }
    boolean isOne() { return !dynamic && size == 1; }
    boolean is(long n) { return !dynamic && size == n; }

    /** Same size for sure: equal static sizes or the same name. */
    public boolean sameAs(Dim o) {
        if (dynamic != o.dynamic) return false;
        return dynamic ? name != null && name.equals(o.name) : size == o.size;
    }

    /** The static size, the name, or {@code ?} for a dim of unknown size. */
    @Override public String toString() { return dynamic ? name != null ? name : "?" : Long.toString(size); }

    /** Multidirectional (numpy) broadcast of two dims. */
    public static Dim broadcast(Dim x, Dim y) {
        if (x.isOne()) return y;
        if (y.isOne()) return x;
        if (x.isStatic()) return x;   // y is x or 1: the result is x either way
        if (y.isStatic()) return y;
        if (x.sameAs(y)) return x;
        return unknown(x.size == 1 ? y.size : x.size);
    }

    /** The product: static when all are, a dim times static ones is that dim, else unknown. */
    public static Dim product(List<Dim> dims) {
        long p = 1, seen = 1;
        Dim dynamic = null;
        int dynamics = 0;
        for (Dim d : dims) {
            seen = seen < 0 || d.size < 0 ? -1 : seen * d.size;
            if (d.isStatic()) {
                p *= d.size;
            } else {
                dynamics++;
                dynamic = d;
            }
        }
        if (dynamics == 0) return of(p);
        if (p == 0) return of(0);
        return dynamics == 1 && p == 1 ? dynamic : unknown(seen);
    }

    /** The sum: static when all are, a dim plus static zeros is that dim, else unknown. */
    public static Dim sum(List<Dim> dims) {
        long s = 0, seen = 0;
        Dim dynamic = null;
        int dynamics = 0;
        for (Dim d : dims) {
            seen = seen < 0 || d.size < 0 ? -1 : seen + d.size;
            if (d.isStatic()) {
                s += d.size;
            } else {
                dynamics++;
                dynamic = d;
            }
        }
        if (dynamics == 0) return of(s);
        return dynamics == 1 && s == 0 ? dynamic : unknown(seen);
    }

    /**
     * An int64 {@code Add}, {@code Sub}, {@code Mul} or {@code Div} (truncating, as ONNX integer division) of two
     * dims: static when both are, a dim with the neutral element of the op is that dim, else unknown.
     */
    static Dim arithmetic(String op, Dim a, Dim b) {
        if (a.isStatic() && b.isStatic()) return of(apply(op, a.size, b.size));
        boolean neutralB = switch (op) {
            case "Add", "Sub" -> b.is(0);
            case "Mul", "Div" -> b.isOne();
            default -> false;
        };
        if (neutralB) return a;
        if (op.equals("Add") && a.is(0) || op.equals("Mul") && a.isOne()) return b;
        if (op.equals("Mul") && (a.is(0) || b.is(0))) return of(0);
        boolean seen = a.size >= 0 && b.size >= 0 && !(op.equals("Div") && b.size == 0);
        return unknown(seen ? apply(op, a.size, b.size) : -1);
    }

    private static long apply(String op, long a, long b) {
        return switch (op) {
            case "Add" -> a + b;
            case "Sub" -> a - b;
            case "Mul" -> a * b;
            case "Div" -> a / b;
            default -> throw new IllegalArgumentException(op);
        };
    }
}
