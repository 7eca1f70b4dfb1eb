package dev.onnxport.ops.aten;

import dev.onnxport.kernels.Parallel;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-d pooling over the last two dims of a 3-D or 4-D tensor (1-d pooling is 2-d pooling with a
 * height-1 window). Values are read and averaged in double and stored in the input dtype.
 */
final class PoolKernels {
    private PoolKernels() {}

    /** PyTorch's pooling output size, with ceil mode's rule that the last window must start inside the input or left padding. */
    static long outSize(long in, long k, long pad, long stride, long dil, boolean ceil) {
        long span = in + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(span, stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return out;
    }

    /** The pooled shape; {@code k, s, p, d} are (height, width) and {@code s} is already defaulted to {@code k}. */
    static long[] shape(String op, Tensor x, long[] k, long[] s, long[] p, long[] d, boolean ceil) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected 3-D or 4-D input, got shape " + Arrays.toString(x.shape()));
        }
        for (int i = 0; i < 2; i++) {
            if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0) {
                throw new IllegalArgumentException(op + ": kernel_size, stride and dilation must be positive and padding >= 0, got kernel "
                        + Arrays.toString(k) + ", stride " + Arrays.toString(s) + ", padding " + Arrays.toString(p)
                        + ", dilation " + Arrays.toString(d));
            }
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p)
                        + " should be at most half of kernel size " + Arrays.toString(k));
            }
        }
        long[] out = x.shape();
        int h = out.length - 2;
        for (int i = 0; i < 2; i++) {
            out[h + i] = outSize(out[h + i], k[i], p[i], s[i], d[i], ceil);
            if (out[h + i] < 1) {
                throw new IllegalArgumentException(op + ": output size is too small for input " + Arrays.toString(x.shape())
                        + " with kernel " + Arrays.toString(k) + " and padding " + Arrays.toString(p));
            }
        }
        return out;
    }

    static Tensor maxPool(String op, Tensor x, long[] k, long[] s, long[] p, long[] d, boolean ceil) {
        long[] os = shape(op, x, k, s, p, d, ceil);
        int H = (int) x.size(-2), W = (int) x.size(-1), OH = (int) os[os.length - 2], OW = (int) os[os.length - 1];
        if (x.dtype() == DType.FLOAT32) return maxPoolF32(x.floats(), os, H, W, OH, OW, k, s, p, d);
        double[] in = x.toDoubleArray();
        Tensor out = Tensor.zeros(x.dtype(), os);
        int planes = in.length / Math.max(1, H * W);
        long o = 0;
        for (int c = 0; c < planes; c++) {
            int base = c * H * W;
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < OW; ow++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < k[0]; i++) {
                        long h = oh * s[0] - p[0] + i * d[0];
                        if (h < 0 || h >= H) continue;
                        for (int j = 0; j < k[1]; j++) {
                            long w = ow * s[1] - p[1] + j * d[1];
                            if (w < 0 || w >= W) continue;
                            double v = in[base + (int) h * W + (int) w];
                            if (v > m || Double.isNaN(v)) m = v;
                        }
                    }
                    out.storage().setDouble(o++, m);
                }
            }
        }
        return out;
    }

    /** The float32 max pool: the same windows and NaN rule (a NaN in the window wins) over float[], planes split over cores. */
    private static Tensor maxPoolF32(float[] in, long[] os, int H, int W, int OH, int OW, long[] k, long[] s, long[] p, long[] d) {
        int planes = in.length / Math.max(1, H * W);
        float[] out = new float[planes * OH * OW];
        int kh = (int) k[0], kw = (int) k[1], sh = (int) s[0], sw = (int) s[1], ph = (int) p[0], pw = (int) p[1];
        int dh = (int) d[0], dw = (int) d[1];
        Parallel.range(planes, 1, (long) out.length * kh * kw, 1 << 16, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                int base = c * H * W, o = c * OH * OW;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < kh; i++) {
                            int h = oh * sh - ph + i * dh;
                            if (h < 0 || h >= H) continue;
                            int row = base + h * W;
                            for (int j = 0; j < kw; j++) {
                                int w = ow * sw - pw + j * dw;
                                if (w < 0 || w >= W) continue;
                                // branch-free: NaN wins as in torch; among +0 and -0 this may keep +0 where torch keeps
                                // the first (they compare equal); a compare-and-branch here mispredicted on every
                                // other element (ResNet-50's max pool: 3.5 ms)
                                m = Math.max(m, in[row + w]);
                            }
                        }
                        out[o++] = m;
                    }
                }
            }
        });
        return Tensor.of(out, os);
    }

    static Tensor avgPool(String op, Tensor x, long[] k, long[] s, long[] p, boolean ceil, boolean countPad, Long divisor) {
        long[] os = shape(op, x, k, s, p, new long[] {1, 1}, ceil);
        if (divisor != null && divisor == 0) throw new IllegalArgumentException(op + ": divisor_override must not be zero");
        int H = (int) x.size(-2), W = (int) x.size(-1), OH = (int) os[os.length - 2], OW = (int) os[os.length - 1];
        double[] in = x.toDoubleArray();
        Tensor out = Tensor.zeros(x.dtype(), os);
        int planes = in.length / Math.max(1, H * W);
        long o = 0;
        for (int c = 0; c < planes; c++) {
            int base = c * H * W;
            for (int oh = 0; oh < OH; oh++) {
                long h0 = oh * s[0] - p[0], h1 = Math.min(h0 + k[0], H + p[0]);
                for (int ow = 0; ow < OW; ow++) {
                    long w0 = ow * s[1] - p[1], w1 = Math.min(w0 + k[1], W + p[1]);
                    long poolSize = (h1 - h0) * (w1 - w0);
                    long hs = Math.max(h0, 0), he = Math.min(h1, H), ws = Math.max(w0, 0), we = Math.min(w1, W);
                    double sum = 0;
                    for (long h = hs; h < he; h++) for (long w = ws; w < we; w++) sum += in[base + (int) (h * W + w)];
                    long div = divisor != null ? divisor : countPad ? poolSize : Math.max(0, he - hs) * Math.max(0, we - ws);
                    double v = hs >= he || ws >= we ? 0 : sum / div;
                    if (x.dtype().isFloatingPoint()) out.storage().setDouble(o++, v);
                    else out.storage().setLong(o++, (long) Math.floor(v));
                }
            }
        }
        return out;
    }

    static long[] adaptiveShape(String op, Tensor x, long[] size) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected 3-D or 4-D input, got shape " + Arrays.toString(x.shape()));
        }
        if (size.length != 2 || size[0] < 0 || size[1] < 0) {
            throw new IllegalArgumentException(op + ": output_size must be 2 non-negative ints, got " + Arrays.toString(size));
        }
        long[] out = x.shape();
        out[out.length - 2] = size[0];
        out[out.length - 1] = size[1];
        return out;
    }

    /** Adaptive pooling: window {@code [floor(o*in/out), ceil((o+1)*in/out))}; max also returns int64 flat indices h*W+w. */
    static Tensor[] adaptive(String op, Tensor x, long[] size, boolean max) {
        long[] os = adaptiveShape(op, x, size);
        int H = (int) x.size(-2), W = (int) x.size(-1), OH = (int) size[0], OW = (int) size[1];
        double[] in = x.toDoubleArray();
        Tensor out = Tensor.zeros(x.dtype(), os);
        Tensor idx = max ? Tensor.zeros(DType.INT64, os) : null;
        int planes = in.length / Math.max(1, H * W);
        long o = 0;
        for (int c = 0; c < planes; c++) {
            int base = c * H * W;
            for (int oh = 0; oh < OH; oh++) {
                int h0 = (int) Math.floorDiv((long) oh * H, OH), h1 = (int) -Math.floorDiv(-(long) (oh + 1) * H, OH);
                for (int ow = 0; ow < OW; ow++) {
                    int w0 = (int) Math.floorDiv((long) ow * W, OW), w1 = (int) -Math.floorDiv(-(long) (ow + 1) * W, OW);
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    long arg = -1;
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            double v = in[base + h * W + w];
                            if (!max) acc += v;
                            else if (arg < 0 || v > acc || Double.isNaN(v)) {
                                acc = v;
                                arg = (long) h * W + w;
                            }
                        }
                    }
                    if (!max) acc /= (double) (h1 - h0) * (w1 - w0);
                    else idx.storage().setLong(o, arg);
                    out.storage().setDouble(o++, acc);
                }
            }
        }
        return max ? new Tensor[] {out, idx} : new Tensor[] {out};
    }
}
