package dev.onnxport.ops.aten;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Max, average and adaptive pooling over any number of trailing spatial dims (1-D and 3-D pooling, pooling with
 * indices): plain loops in double over each (batch, channel) plane. Indices are flat positions within the plane, as
 * PyTorch's.
 */
final class PoolNd {
    private PoolNd() {}

    /** Window geometry of a pooling call. */
    record Geometry(int n, long[] in, long[] out, long[] kernel, long[] stride, long[] pad, long[] dilation) {}

    static long[] expand(long[] v, int n, long dflt) {
        if (v == null || v.length == 0) { long[] r = new long[n]; Arrays.fill(r, dflt); return r; }
        if (v.length == 1 && n > 1) { long[] r = new long[n]; Arrays.fill(r, v[0]); return r; }
        return v;
    }

    static Geometry geometry(String op, Tensor x, int n, long[] kernel, long[] stride, long[] pad, long[] dilation, boolean ceil) {
        if (x.dim() != n + 1 && x.dim() != n + 2) {
            throw new IllegalArgumentException(op + ": expected " + (n + 1) + "-D or " + (n + 2) + "-D input, got shape " + Arrays.toString(x.shape()));
        }
        long[] k = expand(kernel, n, 1), s = stride == null || stride.length == 0 ? k : expand(stride, n, 1);
        long[] p = expand(pad, n, 0), d = expand(dilation, n, 1);
        long[] in = new long[n], out = new long[n];
        for (int i = 0; i < n; i++) {
            in[i] = x.size(x.dim() - n + i);
            if (p[i] * 2 > k[i]) throw new IllegalArgumentException(op + ": pad should be at most half of effective kernel size");
            long span = in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1;
            long o = (ceil ? Math.floorDiv(span + s[i] - 1, s[i]) : Math.floorDiv(span, s[i])) + 1;
            if (ceil && (o - 1) * s[i] >= in[i] + p[i]) o--;
            if (o < 1) throw new IllegalArgumentException(op + ": output size is too small for input " + Arrays.toString(x.shape()));
            out[i] = o;
        }
        return new Geometry(n, in, out, k, s, p, d);
    }

    static long[] outShape(Tensor x, int n, long[] out) {
        long[] shape = x.shape();
        for (int i = 0; i < n; i++) shape[x.dim() - n + i] = out[i];
        return shape;
    }

    private static long prod(long[] v) { long p = 1; for (long x : v) p *= x; return p; }

    /** Max pooling: values, and when {@code indices} the flat index of each maximum within its plane. */
    static Tensor[] max(Tensor x, Geometry g, boolean indices, boolean meta) {
        long[] shape = outShape(x, g.n, g.out);
        if (meta) return indices ? new Tensor[] {Tensor.meta(x.dtype(), shape), Tensor.meta(DType.INT64, shape)} : new Tensor[] {Tensor.meta(x.dtype(), shape)};
        double[] v = x.toDoubleArray();
        long inPlane = prod(g.in), outPlane = prod(g.out), planes = v.length / Math.max(1, inPlane);
        double[] o = new double[(int) (planes * outPlane)];
        long[] idx = new long[o.length];
        int n = g.n;
        long[] pos = new long[n], kk = new long[n];
        for (long pl = 0; pl < planes; pl++) {
            for (long q = 0; q < outPlane; q++) {
                unflat(q, g.out, pos);
                double best = Double.NEGATIVE_INFINITY;
                long bi = -1;
                long kn = prod(g.kernel);
                for (long kq = 0; kq < kn; kq++) {
                    unflat(kq, g.kernel, kk);
                    long flat = 0;
                    boolean inside = true;
                    for (int i = 0; i < n; i++) {
                        long c = pos[i] * g.stride[i] - g.pad[i] + kk[i] * g.dilation[i];
                        if (c < 0 || c >= g.in[i]) { inside = false; break; }
                        flat = flat * g.in[i] + c;
                    }
                    if (!inside) continue;
                    double val = v[(int) (pl * inPlane + flat)];
                    if (bi < 0 || val > best || Double.isNaN(val)) { best = val; bi = flat; if (Double.isNaN(val)) break; }
                }
                o[(int) (pl * outPlane + q)] = best;
                idx[(int) (pl * outPlane + q)] = bi;
            }
        }
        Tensor values = Tensor.of(o, shape).copy(x.dtype());
        return indices ? new Tensor[] {values, Tensor.of(idx, shape)} : new Tensor[] {values};
    }

    /** Average pooling as PyTorch: the divisor is the override, or the window clipped to the padded (or real) input. */
    static Tensor avg(Tensor x, Geometry g, boolean countIncludePad, Long divisor, boolean meta) {
        long[] shape = outShape(x, g.n, g.out);
        if (meta) return Tensor.meta(x.dtype(), shape);
        double[] v = x.toDoubleArray();
        long inPlane = prod(g.in), outPlane = prod(g.out), planes = v.length / Math.max(1, inPlane);
        double[] o = new double[(int) (planes * outPlane)];
        int n = g.n;
        long[] pos = new long[n], kk = new long[n];
        for (long pl = 0; pl < planes; pl++) {
            for (long q = 0; q < outPlane; q++) {
                unflat(q, g.out, pos);
                long padded = 1;
                for (int i = 0; i < n; i++) {
                    long start = pos[i] * g.stride[i] - g.pad[i];
                    long end = Math.min(start + g.kernel[i], g.in[i] + g.pad[i]);
                    padded *= end - start;
                }
                double sum = 0;
                long count = 0;
                long kn = prod(g.kernel);
                for (long kq = 0; kq < kn; kq++) {
                    unflat(kq, g.kernel, kk);
                    long flat = 0;
                    boolean inside = true;
                    for (int i = 0; i < n; i++) {
                        long c = pos[i] * g.stride[i] - g.pad[i] + kk[i];
                        if (c < 0 || c >= g.in[i]) { inside = false; break; }
                        flat = flat * g.in[i] + c;
                    }
                    if (!inside) continue;
                    sum += v[(int) (pl * inPlane + flat)];
                    count++;
                }
                double div = divisor != null ? divisor : countIncludePad ? padded : count;
                o[(int) (pl * outPlane + q)] = sum / div;
            }
        }
        return Tensor.of(o, shape).copy(x.dtype());
    }

    /** Adaptive pooling: window i spans [floor(i*in/out), ceil((i+1)*in/out)). Max gives values and indices. */
    static Tensor[] adaptive(String op, Tensor x, int n, long[] outSize, boolean max, boolean meta) {
        if (x.dim() != n + 1 && x.dim() != n + 2) {
            throw new IllegalArgumentException(op + ": expected " + (n + 1) + "-D or " + (n + 2) + "-D input, got shape " + Arrays.toString(x.shape()));
        }
        long[] in = new long[n], out = expand(outSize, n, 1).clone();
        for (int i = 0; i < n; i++) in[i] = x.size(x.dim() - n + i);
        long[] shape = outShape(x, n, out);
        if (meta) return max ? new Tensor[] {Tensor.meta(x.dtype(), shape), Tensor.meta(DType.INT64, shape)} : new Tensor[] {Tensor.meta(x.dtype(), shape)};
        double[] v = x.toDoubleArray();
        long inPlane = prod(in), outPlane = prod(out), planes = v.length / Math.max(1, inPlane);
        double[] o = new double[(int) (planes * outPlane)];
        long[] idx = new long[o.length];
        long[] pos = new long[n], lo = new long[n], size = new long[n], kk = new long[n];
        for (long pl = 0; pl < planes; pl++) {
            for (long q = 0; q < outPlane; q++) {
                unflat(q, out, pos);
                for (int i = 0; i < n; i++) {
                    lo[i] = Math.floorDiv(pos[i] * in[i], out[i]);
                    long hi = -Math.floorDiv(-(pos[i] + 1) * in[i], out[i]);
                    size[i] = hi - lo[i];
                }
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                long bi = -1, kn = prod(size);
                for (long kq = 0; kq < kn; kq++) {
                    unflat(kq, size, kk);
                    long flat = 0;
                    for (int i = 0; i < n; i++) flat = flat * in[i] + lo[i] + kk[i];
                    double val = v[(int) (pl * inPlane + flat)];
                    if (!max) acc += val;
                    else if (bi < 0 || val > acc || Double.isNaN(val)) { acc = val; bi = flat; }
                }
                o[(int) (pl * outPlane + q)] = max ? acc : acc / kn;
                idx[(int) (pl * outPlane + q)] = bi;
            }
        }
        Tensor values = Tensor.of(o, shape).copy(x.dtype());
        return max ? new Tensor[] {values, Tensor.of(idx, shape)} : new Tensor[] {values};
    }

    private static void unflat(long q, long[] dims, long[] pos) {
        for (int i = dims.length - 1; i >= 0; i--) {
            pos[i] = q % dims[i];
            q /= dims[i];
        }
    }
}
