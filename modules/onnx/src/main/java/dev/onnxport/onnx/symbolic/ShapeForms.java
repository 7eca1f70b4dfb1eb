package dev.onnxport.onnx.symbolic;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/**
 * Per-opset forms of the shape operators (Slice, Split) and small shape computations used by the shape,
 * indexing and factory symbolics: dims of a value as a 1-D int64 tensor (constants where the traced dim
 * is static, Shape+Gather where it is dynamic).
 */
final class ShapeForms {
    private ShapeForms() {}

    /** The "to the end" bound of a slice; ONNX clamps it to the dim size. */
    static final long END = Long.MAX_VALUE;

    static Value[] one(Value v) { return new Value[] {v}; }

    /** Slice with constant bounds; steps other than 1 need opset 10 (callers decompose before). */
    static Value slice(SymbolicContext g, Value x, long[] axes, long[] starts, long[] ends, long[] steps) {
        if (g.opset() >= 10) {
            boolean unit = true;
            for (long s : steps) unit &= s == 1;
            Value[] in = unit
                    ? new Value[] {x, g.constantLongs(starts), g.constantLongs(ends), g.constantLongs(axes)}
                    : new Value[] {x, g.constantLongs(starts), g.constantLongs(ends), g.constantLongs(axes), g.constantLongs(steps)};
            return g.op("Slice", in).output();
        }
        for (long s : steps) if (s != 1) throw new IllegalStateException("Slice steps need opset 10");
        return g.op("Slice", x).attr("starts", starts).attr("ends", ends).attr("axes", axes).output();
    }

    static Value slice(SymbolicContext g, Value x, long axis, long start, long end) {
        return slice(g, x, new long[] {axis}, new long[] {start}, new long[] {end}, new long[] {1});
    }

    /** Slice along one axis with bounds computed at run time (1-D int64 of one element); opset 10 on. */
    static Value slice(SymbolicContext g, Value x, long axis, Value start, Value end, long step) {
        OnnxOps.requireOpset(g, 10, "slicing with bounds computed at run time");
        return step == 1 ? g.op("Slice", x, start, end, g.constantLongs(axis)).output()
                : g.op("Slice", x, start, end, g.constantLongs(axis), g.constantLongs(step)).output();
    }

    /** Split into parts of the given sizes along {@code axis}; the sizes must add up to the dim. */
    static Value[] split(SymbolicContext g, Value x, long axis, long[] sizes) {
        if (sizes.length == 1) return new Value[] {x};
        if (g.opset() >= 13) return g.op("Split", x, g.constantLongs(sizes)).attr("axis", axis).outputs(sizes.length);
        return g.op("Split", x).attr("axis", axis).attr("split", sizes).outputs(sizes.length);
    }

    static Value transpose(SymbolicContext g, Value x, long[] perm) {
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) identity &= perm[i] == i;
        return identity ? x : g.op("Transpose", x).attr("perm", perm).output();
    }

    static Value reshape(SymbolicContext g, Value x, Value shape) {
        return g.op("Reshape", x, shape).output();
    }

    static Value concat(SymbolicContext g, long axis, Value... parts) {
        return parts.length == 1 ? parts[0] : g.op("Concat", parts).attr("axis", axis).output();
    }

    /** True when every dim of {@code t} in {@code [from, to)} is static. */
    static boolean isStatic(Type t, int from, int to) {
        if (t == null || !t.isTensor() || !t.hasShape()) return false;
        for (int k = from; k < to; k++) if (t.symbol(k) != null) return false;
        return true;
    }

    static boolean isStatic(Type t) { return t != null && t.hasShape() && isStatic(t, 0, t.rank()); }

    /** Dims {@code [from, to)} of {@code x} (whose traced type is {@code t}) as a 1-D int64 tensor. */
    static Value dims(SymbolicContext g, Value x, Type t, int from, int to) {
        if (isStatic(t, from, to)) {
            long[] d = new long[to - from];
            for (int k = from; k < to; k++) d[k - from] = t.shape()[k];
            return g.constantLongs(d);
        }
        long[] idx = new long[to - from];
        for (int k = from; k < to; k++) idx[k - from] = k;
        Value shape = g.op("Shape", x).output();
        return g.op("Gather", shape, g.constantLongs(idx)).attr("axis", 0L).output();
    }

    /** A one-element int64 value (0-d or 1-D) as a 1-D tensor of one element. */
    static Value vec1(SymbolicContext g, Value v) {
        Value x = OnnxOps.cast(g, v, DType.INT64);
        Type t = g.type(x);
        if (t != null && t.hasShape() && t.rank() == 1) return x;
        if (t != null && t.hasShape() && t.rank() == 0) return OnnxOps.unsqueeze(g, x, 0);
        return reshape(g, x, g.constantLongs(1));
    }

    /** A one-element int64 value as a 0-d tensor. */
    static Value scalar0(SymbolicContext g, Value v) {
        Value x = OnnxOps.cast(g, v, DType.INT64);
        Type t = g.type(x);
        if (t != null && t.hasShape() && t.rank() == 0) return x;
        return reshape(g, x, g.constantLongs());
    }

    /** Aten input {@code i} (a number or a one-element int) as a 0-d tensor of {@code d}. */
    static Value scalarArg(SymbolicContext g, int i, DType d) {
        if (g.isConstant(i)) return OnnxOps.scalar(g, g.constant(i), d);
        Value v = g.input(i);
        Type t = g.type(v);
        if (t != null && t.hasShape() && t.rank() == 0) return OnnxOps.cast(g, v, d);
        return OnnxOps.cast(g, reshape(g, v, g.constantLongs()), d);
    }

    /** Gather along {@code axis} with constant indices (1-D, so the dim stays). */
    static Value gather(SymbolicContext g, Value x, long axis, long[] idx) {
        return g.op("Gather", x, g.constantLongs(idx)).attr("axis", axis).output();
    }

    /** {@code x} with {@code n} leading dims of size 1 inserted. */
    static Value prependOnes(SymbolicContext g, Value x, int n) {
        if (n <= 0) return x;
        long[] axes = new long[n];
        for (int k = 0; k < n; k++) axes[k] = k;
        return OnnxOps.unsqueeze(g, x, axes);
    }

    static long[] normDims(long[] d, int rank) {
        long[] out = new long[d.length];
        for (int k = 0; k < d.length; k++) out[k] = OnnxOps.normDim(d[k], rank);
        return out;
    }

    /** The constant int list of aten input {@code i}: a single int becomes a list of one. */
    static long[] ints(SymbolicContext g, int i) {
        Object c = g.constant(i);
        return c instanceof Long l ? new long[] {l} : (long[]) c;
    }

    static long longArg(SymbolicContext g, int i) { return (Long) g.constant(i); }
}
