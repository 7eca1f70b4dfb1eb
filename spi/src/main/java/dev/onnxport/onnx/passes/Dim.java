package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Type;
import java.util.List;

/** One dim in shape inference: a static size, a named symbol, or unknown ({@link Type#UNKNOWN_DIM}). */
record Dim(long size, String symbol) {
    static final Dim UNKNOWN = new Dim(-1, Type.UNKNOWN_DIM);

    static Dim of(long n) { return new Dim(n, null); }

    boolean isStatic() { return symbol == null; }
    boolean isUnknown() { return Type.UNKNOWN_DIM.equals(symbol); }
    boolean isOne() { return symbol == null && size == 1; }

    /** Same size for sure: equal static sizes or the same symbol. */
    boolean sameAs(Dim o) {
        if (isUnknown() || o.isUnknown()) return false;
        return isStatic() ? o.isStatic() && size == o.size : symbol.equals(o.symbol);
    }

    /** The product, known when all are static, or when all but one are static ones. */
    static Dim product(List<Dim> dims) {
        long p = 1;
        Dim dynamic = null;
        for (Dim d : dims) {
            if (d.isStatic()) {
                p *= d.size;
            } else {
                if (dynamic != null) return UNKNOWN;
                dynamic = d;
            }
        }
        if (dynamic == null) return of(p);
        return p == 1 ? dynamic : UNKNOWN;
    }

    /** The sum, known when all are static, or when all but one are static zeros. */
    static Dim sum(List<Dim> dims) {
        long s = 0;
        Dim dynamic = null;
        for (Dim d : dims) {
            if (d.isStatic()) {
                s += d.size;
            } else {
                if (dynamic != null) return UNKNOWN;
                dynamic = d;
            }
        }
        if (dynamic == null) return of(s);
        return s == 0 ? dynamic : UNKNOWN;
    }

    /** Multidirectional broadcast of two dims. */
    static Dim broadcast(Dim x, Dim y) {
        if (x.isOne()) return y;
        if (y.isOne()) return x;
        if (x.isStatic()) return x;   // y is x or 1: the result is x either way
        if (y.isStatic()) return y;
        return x.sameAs(y) ? x : UNKNOWN;
    }
}
