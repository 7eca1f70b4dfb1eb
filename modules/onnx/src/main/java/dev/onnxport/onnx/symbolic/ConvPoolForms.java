package dev.onnxport.onnx.symbolic;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/** Helpers of the convolution and pooling symbolics: int-list arguments, window arithmetic, Gather/Pad/Reshape forms. */
final class ConvPoolForms {
    private ConvPoolForms() {}

    /**
     * A constant {@code int[n]} argument: a single number (or one-element list) is repeated n times as
     * PyTorch does; an empty list gives null (stride=[] means "the kernel size").
     */
    static long[] ints(SymbolicContext g, int i, int n) {
        Object c = g.constant(i);
        long[] a = c instanceof Long l ? new long[] {l} : (long[]) c;
        if (a.length == 0) return null;
        if (a.length == n) return a.clone();
        if (a.length != 1) throw g.error("argument #" + i + " has " + a.length + " values where " + n + " are needed", "pass " + n + " values");
        long[] out = new long[n];
        java.util.Arrays.fill(out, a[0]);
        return out;
    }

    static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static boolean allEqual(long[] a, long v) {
        for (long x : a) if (x != v) return false;
        return true;
    }

    /** The traced sizes of the last {@code n} dims of aten input {@code i}, or null when one of them is dynamic. */
    static long[] staticSpatial(SymbolicContext g, int i, int n) {
        Type t = OnnxOps.inType(g, i);
        int r = t.rank();
        long[] s = new long[n];
        for (int k = 0; k < n; k++) {
            if (t.symbol(r - n + k) != null) return null;
            s[k] = t.shape()[r - n + k];
        }
        return s;
    }

    /** Output length of a PyTorch pooling window along one dim (ceil mode drops a last window starting in the padding). */
    static long pooledSize(long in, long k, long s, long p, long d, boolean ceil) {
        long span = in + 2 * p - d * (k - 1) - 1;
        long out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + p) out--;
        return out;
    }

    /** ONNX pads (all begins, then all ends) from begin and end lists. */
    static long[] pads(long[] begin, long[] end) {
        long[] p = new long[begin.length * 2];
        System.arraycopy(begin, 0, p, 0, begin.length);
        System.arraycopy(end, 0, p, begin.length, end.length);
        return p;
    }

    /** The elements {@code idx} of {@code x} along {@code axis} (a strided or windowed slice that works at every opset). */
    static Value take(SymbolicContext g, Value x, long axis, long[] idx) {
        return g.op("Gather", x, g.constantLongs(idx)).attr("axis", axis).output();
    }

    static long[] range(long from, long to, long step) {
        int n = (int) Math.max(0, (to - from + step - 1) / step);
        long[] a = new long[n];
        for (int k = 0; k < n; k++) a[k] = from + k * step;
        return a;
    }

    static Value reshape(SymbolicContext g, Value x, long... shape) {
        return g.op("Reshape", x, g.constantLongs(shape)).output();
    }

    /** Zero padding of a float tensor; {@code pads} covers every dim (begins, then ends), as attribute before opset 11. */
    static Value zeroPad(SymbolicContext g, Value x, long[] pads) {
        if (allEqual(pads, 0)) return x;
        if (g.opset() < 11) return g.op("Pad", x).attr("pads", pads).attr("mode", "constant").attr("value", 0.0).output();
        return g.op("Pad", x, g.constantLongs(pads)).attr("mode", "constant").output();
    }

    /** Full-rank pads of a rank-{@code rank} tensor padding only its last dims by {@code begin}/{@code end}. */
    static long[] spatialPads(int rank, long[] begin, long[] end) {
        int n = begin.length;
        long[] b = new long[rank], e = new long[rank];
        System.arraycopy(begin, 0, b, rank - n, n);
        System.arraycopy(end, 0, e, rank - n, n);
        return pads(b, e);
    }

    /** A constant of {@code dtype} with {@code shape} holding {@code values} (row-major). */
    static Value constant(SymbolicContext g, double[] values, DType dtype, long... shape) {
        if (dtype == DType.FLOAT64) return g.constant(Tensor.of(values.clone(), shape));
        float[] f = new float[values.length];
        for (int k = 0; k < f.length; k++) f[k] = (float) values[k];
        Value v = g.constant(Tensor.of(f, shape));
        return OnnxOps.cast(g, v, dtype);
    }
}
