package dev.onnxport.ops.aten;

import dev.onnxport.kernels.Im2col;
import dev.onnxport.kernels.Parallel;
import dev.onnxport.kernels.SimpleGemm;
import dev.onnxport.kernels.Sgemm;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * N-d convolution and transposed convolution as matrix products: per batch item and group,
 * {@code out = W * im2col(x)} (1x1, stride 1, unpadded kernels read x directly), and for the
 * transposed form {@code col2im(W^T * x)}. float32 runs on {@link Sgemm}; other floating dtypes in double.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Validated sizes of one (transposed) convolution call, in batched form. */
    private record Geo(boolean batched, long n, long cin, long cout, long groups, long[] in, long[] k, long[] out) {
        int taps() { return (int) Im2col.prod(k); }
        int inPlane() { return (int) Im2col.prod(in); }
        int outPlane() { return (int) Im2col.prod(out); }
        long[] outShape() {
            long[] s = new long[out.length + 2];
            s[0] = n;
            s[1] = cout;
            System.arraycopy(out, 0, s, 2, out.length);
            return batched ? s : Arrays.copyOfRange(s, 1, s.length);
        }
    }

    static Tensor convMeta(String op, Tensor x, Tensor w, Tensor bias, long[] s, long[] p, long[] d, long groups,
                           long[] outPad, boolean transposed, int sd) {
        return Tensor.meta(x.dtype(), geometry(op, x, w, bias, s, p, d, groups, outPad, transposed, sd).outShape());
    }

    private static Geo geometry(String op, Tensor x, Tensor w, Tensor bias, long[] s, long[] p, long[] d, long groups,
                                long[] outPad, boolean transposed, int sd) {
        if (x.dim() != sd + 1 && x.dim() != sd + 2) {
            throw new IllegalArgumentException(op + ": expected " + (sd + 1) + "-D (unbatched) or " + (sd + 2)
                    + "-D (batched) input, got shape " + Arrays.toString(x.shape()));
        }
        if (w.dim() != sd + 2) {
            throw new IllegalArgumentException(op + ": weight must be " + (sd + 2) + "-D, got shape " + Arrays.toString(w.shape()));
        }
        if (x.dtype() != w.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException(op + ": input, weight and bias must have the same dtype, got " + x.dtype().torchName()
                    + ", " + w.dtype().torchName() + (bias == null ? "" : ", " + bias.dtype().torchName()));
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating-point input, got " + x.dtype().torchName());
        }
        checkLen(op, "stride", s, sd, 1);
        checkLen(op, "padding", p, sd, 0);
        checkLen(op, "dilation", d, sd, 1);
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
        boolean batched = x.dim() == sd + 2;
        long[] xs = batched ? x.shape() : prepend1(x.shape());
        long[] ws = w.shape();
        long cin = xs[1];
        long[] in = Arrays.copyOfRange(xs, 2, xs.length), k = Arrays.copyOfRange(ws, 2, ws.length);
        long cout;
        long[] out = new long[sd];
        if (!transposed) {
            if (ws[0] % groups != 0 || ws[1] * groups != cin) {
                throw new IllegalArgumentException(op + ": weight of shape " + Arrays.toString(ws) + " with groups=" + groups
                        + " expects " + ws[1] * groups + " input channels (and out channels divisible by groups), got input "
                        + Arrays.toString(x.shape()));
            }
            cout = ws[0];
            for (int i = 0; i < sd; i++) {
                out[i] = Im2col.outSize(in[i], k[i], s[i], p[i], d[i]);
                if (out[i] < 1) {
                    throw new IllegalArgumentException(op + ": input size " + Arrays.toString(in) + " (padded by "
                            + Arrays.toString(p) + ") is smaller than the dilated kernel " + Arrays.toString(k));
                }
            }
        } else {
            checkLen(op, "output_padding", outPad, sd, 0);
            if (ws[0] != cin || cin % groups != 0) {
                throw new IllegalArgumentException(op + ": weight of shape " + Arrays.toString(ws) + " with groups=" + groups
                        + " expects " + ws[0] + " input channels divisible by groups, got input " + Arrays.toString(x.shape()));
            }
            cout = ws[1] * groups;
            for (int i = 0; i < sd; i++) {
                if (outPad[i] >= s[i] && outPad[i] >= d[i]) {
                    throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(outPad)
                            + " must be smaller than either stride " + Arrays.toString(s) + " or dilation " + Arrays.toString(d));
                }
                out[i] = (in[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + outPad[i] + 1;
                if (out[i] < 1) throw new IllegalArgumentException(op + ": output size " + Arrays.toString(out) + " is too small");
            }
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + cout + "], got " + Arrays.toString(bias.shape()));
        }
        return new Geo(batched, xs[0], cin, cout, groups, in, k, out);
    }

    private static void checkLen(String op, String name, long[] v, int sd, long min) {
        if (v.length != sd) throw new IllegalArgumentException(op + ": " + name + " needs " + sd + " values, got " + Arrays.toString(v));
        for (long e : v) {
            if (e < min) throw new IllegalArgumentException(op + ": " + name + " must be >= " + min + ", got " + Arrays.toString(v));
        }
    }

    private static long[] prepend1(long[] s) {
        long[] r = new long[s.length + 1];
        r[0] = 1;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    static Tensor conv(String op, Tensor x, Tensor w, Tensor bias, long[] s, long[] p, long[] d, long groups, int sd) {
        Geo g = geometry(op, x, w, bias, s, p, d, groups, null, false, sd);
        boolean direct = true;
        for (int i = 0; i < sd; i++) direct &= g.k()[i] == 1 && s[i] == 1 && p[i] == 0;
        int[] map = direct ? null : Im2col.map(g.in(), g.k(), s, p, d, g.out());
        return x.dtype() == DType.FLOAT32 ? convF32(g, x, w, bias, map) : convF64(g, x, w, bias, map);
    }

    private static Tensor convF32(Geo g, Tensor x, Tensor w, Tensor bias, int[] map) {
        float[] xa = x.floats(), wa = w.floats();
        int n = (int) g.n(), cin = (int) g.cin(), cout = (int) g.cout(), groups = (int) g.groups();
        int cg = cin / groups, coutg = cout / groups, taps = g.taps(), plane = g.inPlane(), cols = g.outPlane();
        int kg = cg * taps;
        Tensor out = Tensor.zeros(DType.FLOAT32, g.outShape());
        float[] z = LinalgProduct.array(out);
        float[] bv = bias == null ? null : bias.floats();
        // many small products (depthwise, small images): spread whole (item, group) jobs over cores
        long work = (long) coutg * cols * kg;
        boolean spread = n * groups > 1 && work < Sgemm.PARALLEL_MIN_WORK && work * n * groups >= Sgemm.PARALLEL_MIN_WORK;
        IntConsumer body = job -> {
            int b = job / groups, grp = job % groups;
            int outOff = (b * cout + grp * coutg) * cols;
            if (bv != null) for (int c = 0; c < coutg; c++) Arrays.fill(z, outOff + c * cols, outOff + (c + 1) * cols, bv[grp * coutg + c]);
            int inOff = (b * cin + grp * cg) * plane;
            if (map == null) {
                Sgemm.gemm(coutg, cols, kg, wa, grp * coutg * kg, kg, 1, xa, inOff, plane, 1, z, outOff, cols, bv != null);
            } else if (!Sgemm.prefersTransposed(coutg, cols)) {
                // gather the windows per packed GEMM block, no column matrix
                int[] mp = map;
                Sgemm.gemm(coutg, cols, kg, wa, grp * coutg * kg, kg, 1,
                        (kb, kc, jb, nc, dst, nr) -> Im2col.gatherPanel(xa, inOff, plane, mp, taps, cols, kb, kc, jb, nc, dst, nr),
                        z, outOff, cols, bv != null);
            } else {
                // outputs the kernel computes faster transposed (few columns: deep layers) read the column matrix as A
                float[] col = colBuffer(kg * cols);
                Im2col.gather(xa, inOff, plane, cg, map, taps, cols, col);
                Sgemm.gemm(coutg, cols, kg, wa, grp * coutg * kg, kg, 1, col, 0, cols, 1, z, outOff, cols, bv != null);
            }
        };
        if (spread) Parallel.run(n * groups, body);
        else for (int job = 0; job < n * groups; job++) body.accept(job);
        return out;
    }

    private static Tensor convF64(Geo g, Tensor x, Tensor w, Tensor bias, int[] map) {
        double[] xa = x.toDoubleArray(), wa = w.toDoubleArray();
        int n = (int) g.n(), cin = (int) g.cin(), cout = (int) g.cout(), groups = (int) g.groups();
        int cg = cin / groups, coutg = cout / groups, taps = g.taps(), plane = g.inPlane(), cols = g.outPlane();
        int kg = cg * taps;
        double[] z = new double[n * cout * cols];
        double[] bv = bias == null ? null : bias.toDoubleArray();
        double[] col = map == null ? null : new double[kg * cols];
        for (int b = 0; b < n; b++) {
            for (int grp = 0; grp < groups; grp++) {
                int outOff = (b * cout + grp * coutg) * cols, inOff = (b * cin + grp * cg) * plane;
                if (map == null) {
                    SimpleGemm.dgemm(coutg, cols, kg, wa, grp * coutg * kg, kg, 1, xa, inOff, plane, 1, z, outOff, cols, false);
                } else {
                    Im2col.gather(xa, inOff, plane, cg, map, taps, cols, col);
                    SimpleGemm.dgemm(coutg, cols, kg, wa, grp * coutg * kg, kg, 1, col, 0, cols, 1, z, outOff, cols, false);
                }
            }
        }
        if (bv != null) addBias(z, bv, n, cout, cols);
        return Tensor.of(z, g.outShape()).to(x.dtype());
    }

    static Tensor convTranspose(String op, Tensor x, Tensor w, Tensor bias, long[] s, long[] p, long[] outPad,
                                long groups, long[] d, int sd) {
        Geo g = geometry(op, x, w, bias, s, p, d, groups, outPad, true, sd);
        // the transposed convolution scatters through the map of the forward convolution from out back to in
        int[] map = Im2col.map(g.out(), g.k(), s, p, d, g.in());
        int n = (int) g.n(), cin = (int) g.cin(), cout = (int) g.cout(), groups1 = (int) groups;
        int cing = cin / groups1, coutg = cout / groups1, taps = g.taps(), lin = g.inPlane(), planeOut = g.outPlane();
        int rows = coutg * taps;
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = x.floats(), wa = w.floats();
            float[] z = new float[n * cout * planeOut], colT = new float[rows * lin];
            for (int b = 0; b < n; b++) {
                for (int grp = 0; grp < groups1; grp++) {
                    Sgemm.gemm(rows, lin, cing, wa, grp * cing * rows, 1, rows, xa, (b * cin + grp * cing) * lin, lin, 1,
                            colT, 0, lin, false);
                    Im2col.scatterAdd(colT, coutg, map, taps, lin, z, (b * cout + grp * coutg) * planeOut, planeOut);
                }
            }
            if (bias != null) {
                float[] bv = bias.floats();
                for (int b = 0; b < n; b++) for (int c = 0; c < cout; c++) {
                    int o = (b * cout + c) * planeOut;
                    for (int i = 0; i < planeOut; i++) z[o + i] += bv[c];
                }
            }
            return Tensor.of(z, g.outShape());
        }
        double[] xa = x.toDoubleArray(), wa = w.toDoubleArray();
        double[] z = new double[n * cout * planeOut], colT = new double[rows * lin];
        for (int b = 0; b < n; b++) {
            for (int grp = 0; grp < groups1; grp++) {
                SimpleGemm.dgemm(rows, lin, cing, wa, grp * cing * rows, 1, rows, xa, (b * cin + grp * cing) * lin, lin, 1,
                        colT, 0, lin, false);
                Im2col.scatterAdd(colT, coutg, map, taps, lin, z, (b * cout + grp * coutg) * planeOut, planeOut);
            }
        }
        if (bias != null) addBias(z, bias.toDoubleArray(), n, cout, planeOut);
        return Tensor.of(z, g.outShape()).to(x.dtype());
    }

    static long[] im2colShape(Tensor x, long[] k, long[] d, long[] p, long[] s) {
        String op = "aten::im2col";
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected 3-D or 4-D input, got shape " + Arrays.toString(x.shape()));
        }
        checkLen(op, "kernel_size", k, 2, 1);
        checkLen(op, "dilation", d, 2, 1);
        checkLen(op, "padding", p, 2, 0);
        checkLen(op, "stride", s, 2, 1);
        long[] xs = x.shape();
        int h = xs.length - 2;
        long cols = 1;
        for (int i = 0; i < 2; i++) {
            long o = Im2col.outSize(xs[h + i], k[i], s[i], p[i], d[i]);
            if (o < 1) throw new IllegalArgumentException(op + ": input " + Arrays.toString(xs) + " is too small for kernel "
                    + Arrays.toString(k) + " with padding " + Arrays.toString(p) + " and dilation " + Arrays.toString(d));
            cols *= o;
        }
        long rows = xs[h - 1] * k[0] * k[1];
        return xs.length == 4 ? new long[] {xs[0], rows, cols} : new long[] {rows, cols};
    }

    /** {@code aten::im2col} (what {@code F.unfold} calls): [N, C*kh*kw, L] columns of sliding windows. */
    static Tensor im2col(Tensor x, long[] k, long[] d, long[] p, long[] s) {
        long[] os = im2colShape(x, k, d, p, s);
        long[] xs = x.shape();
        int h = xs.length - 2;
        long[] in = {xs[h], xs[h + 1]};
        long[] out = {Im2col.outSize(in[0], k[0], s[0], p[0], d[0]), Im2col.outSize(in[1], k[1], s[1], p[1], d[1])};
        int[] map = Im2col.map(in, k, s, p, d, out);
        int channels = (int) (x.numel() / (in[0] * in[1])), plane = (int) (in[0] * in[1]);
        int taps = (int) (k[0] * k[1]), cols = (int) (out[0] * out[1]);
        if (x.dtype() == DType.FLOAT32) {
            float[] col = new float[channels * taps * cols];
            Im2col.gather(x.floats(), 0, plane, channels, map, taps, cols, col);
            return Tensor.of(col, os);
        }
        double[] col = new double[channels * taps * cols];
        Im2col.gather(x.toDoubleArray(), 0, plane, channels, map, taps, cols, col);
        return Tensor.of(col, os).to(x.dtype());
    }

    /** Column buffer reused per thread: convolutions run in loops and their columns are large. */
    private static final ThreadLocal<float[]> COLUMNS = new ThreadLocal<>();

    private static float[] colBuffer(int size) {
        float[] b = COLUMNS.get();
        if (b == null || b.length < size) {
            b = new float[size];
            COLUMNS.set(b);
        }
        return b;
    }

    private static void addBias(double[] z, double[] bv, int n, int cout, int plane) {
        for (int b = 0; b < n; b++) for (int c = 0; c < cout; c++) {
            int o = (b * cout + c) * plane;
            for (int i = 0; i < plane; i++) z[o + i] += bv[c];
        }
    }
}
