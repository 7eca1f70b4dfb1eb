package dev.onnxport.ops.aten;

import dev.onnxport.kernels.FloatKernels;
import dev.onnxport.kernels.Parallel;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: normalization: batch_norm, layer_norm, group_norm, instance_norm.
 * Statistics are computed in double with the biased variance for normalization; running
 * variances are updated with the unbiased one, as PyTorch does.
 */
final class NormOps {
    private NormOps() {}

    public static void register(OpRegistry r) {
        r.register("aten::batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, "
                        + "bool training, float momentum, float eps, bool cudnn_enabled) -> Tensor",
                a -> new Tensor[] {batchNorm(a)}, a -> new Tensor[] {channelShape(a, "aten::batch_norm")});
        r.register("aten::layer_norm(Tensor input, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, "
                        + "float eps=1.0000000000000001e-05, bool cudnn_enable=True) -> Tensor",
                a -> new Tensor[] {layerNorm(a)}, a -> new Tensor[] {layerNormShape(a)});
        r.register("aten::group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, "
                        + "float eps=1.0000000000000001e-05, bool cudnn_enabled=True) -> Tensor",
                a -> new Tensor[] {groupNorm(a)}, a -> new Tensor[] {groupNormShape(a)});
        r.register("aten::instance_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, "
                        + "Tensor? running_var, bool use_input_stats, float momentum, float eps, bool cudnn_enabled) -> Tensor",
                a -> new Tensor[] {instanceNorm(a)}, a -> new Tensor[] {channelShape(a, "aten::instance_norm")});
    }

    // ---- batch_norm ---------------------------------------------------------------------------

    private static Tensor batchNorm(Args a) {
        String op = "aten::batch_norm";
        Tensor x = a.tensor(0);
        channelShape(a, op);
        Layout l = Layout.of(x);
        Tensor runMean = a.tensor(3), runVar = a.tensor(4);
        if (!a.bool(5) && runMean != null && runVar != null && x.dtype() == DType.FLOAT32) {
            return batchNormEvalF32(x, l, a.tensor(1), a.tensor(2), runMean, runVar, a.real(7));
        }
        double[] v = x.toDoubleArray();
        int c = l.channels;
        double[] mean = new double[c], var = new double[c];
        if (a.bool(5)) {
            long count = l.batch * l.spatial;
            if (count <= 1) {
                throw new IllegalArgumentException(op + ": training needs more than 1 value per channel, input has shape "
                        + Arrays.toString(x.shape()));
            }
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (long n = 0; n < l.batch; n++) s += blockSum(v, l.start(n, ch), l.spatial);
                mean[ch] = s / count;
                double q = 0;
                for (long n = 0; n < l.batch; n++) q += blockSquares(v, l.start(n, ch), l.spatial, mean[ch]);
                var[ch] = q / count;
            }
            double m = a.real(6);
            double unbias = (double) count / (count - 1);
            if (runMean != null) updateRunning(runMean, mean, 1.0, m);
            if (runVar != null) updateRunning(runVar, var, unbias, m);
        } else {
            if (runMean == null || runVar == null) {
                throw new IllegalArgumentException(op + ": running_mean and running_var are required when training is False");
            }
            mean = runMean.toDoubleArray();
            var = runVar.toDoubleArray();
        }
        double eps = a.real(7);
        double[] out = new double[v.length];
        double[] w = optDoubles(a.tensor(1)), b = optDoubles(a.tensor(2));
        for (long n = 0; n < l.batch; n++) {
            for (int ch = 0; ch < c; ch++) {
                double inv = 1.0 / Math.sqrt(var[ch] + eps);
                affineBlock(v, out, l.start(n, ch), l.spatial, mean[ch], inv, w == null ? 1 : w[ch], b == null ? 0 : b[ch]);
            }
        }
        return fill(out, x);
    }

    /**
     * Inference-mode float32 batch norm: per channel {@code (x - mean) * (w / sqrt(var + eps)) + b}, the scale
     * computed in double, one fused multiply-add per element; channels split over cores.
     */
    private static Tensor batchNormEvalF32(Tensor x, Layout l, Tensor weight, Tensor bias, Tensor runMean, Tensor runVar,
                                           double eps) {
        float[] v = x.floats();
        float[] out = new float[v.length];
        double[] mean = runMean.toDoubleArray(), var = runVar.toDoubleArray();
        double[] w = optDoubles(weight), b = optDoubles(bias);
        int c = l.channels, spatial = Math.toIntExact(l.spatial), planes = Math.toIntExact(l.batch) * c;
        float[] scale = new float[c], shift = new float[c], mu = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = (float) ((w == null ? 1 : w[ch]) / Math.sqrt(var[ch] + eps));
            shift[ch] = (float) (b == null ? 0 : b[ch]);
            mu[ch] = (float) mean[ch];
        }
        Parallel.range(planes, 1, (long) planes * spatial, 1 << 15, (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                int ch = pl % c;
                FloatKernels.affine(v, out, pl * spatial, spatial, mu[ch], scale[ch], shift[ch]);
            }
        });
        return Tensor.of(out, x.shape());
    }

    /** running = (1 - momentum) * running + momentum * stat * scale, written in place into the buffer. */
    private static void updateRunning(Tensor running, double[] stat, double scale, double momentum) {
        final int[] k = {0};
        running.forEachOffset(off -> {
            double old = running.storage().getDouble(off);
            running.storage().setDouble(off, (1 - momentum) * old + momentum * stat[k[0]++] * scale);
        });
    }

    // ---- instance_norm --------------------------------------------------------------------------

    private static Tensor instanceNorm(Args a) {
        String op = "aten::instance_norm";
        Tensor x = a.tensor(0);
        channelShape(a, op);
        Layout l = Layout.of(x);
        Tensor runMean = a.tensor(3), runVar = a.tensor(4);
        int c = l.channels;
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        double[] w = optDoubles(a.tensor(1)), b = optDoubles(a.tensor(2));
        double eps = a.real(7);
        if (!a.bool(5)) {
            if (runMean == null || runVar == null) {
                throw new IllegalArgumentException(op + ": running_mean and running_var are required when use_input_stats is False");
            }
            double[] rm = runMean.toDoubleArray(), rv = runVar.toDoubleArray();
            for (long n = 0; n < l.batch; n++) {
                for (int ch = 0; ch < c; ch++) {
                    affineBlock(v, out, l.start(n, ch), l.spatial, rm[ch], 1.0 / Math.sqrt(rv[ch] + eps),
                            w == null ? 1 : w[ch], b == null ? 0 : b[ch]);
                }
            }
            return fill(out, x);
        }
        if (l.spatial <= 1) {
            throw new IllegalArgumentException(op + ": use_input_stats needs more than 1 spatial element, input has shape "
                    + Arrays.toString(x.shape()));
        }
        // Running stats are updated with the batch average of the per-instance statistics.
        double[] meanSum = new double[c], varSum = new double[c];
        for (long n = 0; n < l.batch; n++) {
            for (int ch = 0; ch < c; ch++) {
                long start = l.start(n, ch);
                double mean = blockSum(v, start, l.spatial) / l.spatial;
                double var = blockSquares(v, start, l.spatial, mean) / l.spatial;
                meanSum[ch] += mean;
                varSum[ch] += var;
                affineBlock(v, out, start, l.spatial, mean, 1.0 / Math.sqrt(var + eps),
                        w == null ? 1 : w[ch], b == null ? 0 : b[ch]);
            }
        }
        double m = a.real(6);
        double unbias = (double) l.spatial / (l.spatial - 1);
        for (int ch = 0; ch < c; ch++) {
            meanSum[ch] /= l.batch;
            varSum[ch] /= l.batch;
        }
        if (runMean != null) updateRunning(runMean, meanSum, 1.0, m);
        if (runVar != null) updateRunning(runVar, varSum, unbias, m);
        return fill(out, x);
    }

    // ---- group_norm -----------------------------------------------------------------------------

    private static Tensor groupNorm(Args a) {
        Tensor x = a.tensor(0);
        groupNormShape(a);
        Layout l = Layout.of(x);
        int groups = (int) a.integer(1);
        int perGroup = l.channels / groups;
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        double[] w = optDoubles(a.tensor(2)), b = optDoubles(a.tensor(3));
        double eps = a.real(4);
        long size = perGroup * l.spatial;
        for (long n = 0; n < l.batch; n++) {
            for (int g = 0; g < groups; g++) {
                long start = l.start(n, g * perGroup);
                double mean = blockSum(v, start, size) / size;
                double inv = 1.0 / Math.sqrt(blockSquares(v, start, size, mean) / size + eps);
                for (int k = 0; k < perGroup; k++) {
                    int ch = g * perGroup + k;
                    affineBlock(v, out, l.start(n, ch), l.spatial, mean, inv, w == null ? 1 : w[ch], b == null ? 0 : b[ch]);
                }
            }
        }
        return fill(out, x);
    }

    private static Tensor groupNormShape(Args a) {
        String op = "aten::group_norm";
        Tensor x = a.tensor(0);
        requireFloat(op, x);
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": input needs at least 2 dims (N, C, ...), got " + x);
        long groups = a.integer(1);
        long c = x.size(1);
        if (groups <= 0 || c % groups != 0) {
            throw new IllegalArgumentException(op + ": num_groups " + groups + " must be positive and divide the " + c + " channels");
        }
        checkPerChannel(op, "weight", a.tensor(2), c);
        checkPerChannel(op, "bias", a.tensor(3), c);
        return Tensor.meta(x.dtype(), x.shape());
    }

    // ---- layer_norm -----------------------------------------------------------------------------

    private static Tensor layerNorm(Args a) {
        Tensor x = a.tensor(0);
        layerNormShape(a);
        long inner = 1;
        for (long s : a.ints(1)) inner *= s;
        if (x.dtype() == DType.FLOAT32 && inner > 0) {
            float[] v = x.floats(), out = new float[v.length];
            float[] w = a.tensor(2) == null ? null : a.tensor(2).floats(), b = a.tensor(3) == null ? null : a.tensor(3).floats();
            double eps = a.real(4);
            int len = Math.toIntExact(inner), rows = v.length / len;
            Parallel.range(rows, 1, v.length, 1 << 15, (lo, hi) -> {
                for (int r = lo; r < hi; r++) FloatKernels.layerNormRow(v, out, r * len, len, w, b, eps);
            });
            return Tensor.of(out, x.shape());
        }
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        double[] w = optDoubles(a.tensor(2)), b = optDoubles(a.tensor(3));
        double eps = a.real(4);
        for (long start = 0; start < v.length; start += inner) {
            double mean = blockSum(v, start, inner) / inner;
            double inv = 1.0 / Math.sqrt(blockSquares(v, start, inner, mean) / inner + eps);
            for (int k = 0; k < inner; k++) {
                int i = (int) start + k;
                double y = (v[i] - mean) * inv;
                if (w != null) y *= w[k];
                if (b != null) y += b[k];
                out[i] = y;
            }
        }
        return fill(out, x);
    }

    private static Tensor layerNormShape(Args a) {
        String op = "aten::layer_norm";
        Tensor x = a.tensor(0);
        requireFloat(op, x);
        long[] ns = a.ints(1);
        long[] shape = x.shape();
        boolean fits = ns.length >= 1 && ns.length <= shape.length
                && Arrays.equals(ns, Arrays.copyOfRange(shape, shape.length - ns.length, shape.length));
        if (!fits) {
            throw new IllegalArgumentException(op + ": normalized_shape " + Arrays.toString(ns)
                    + " must be non-empty and equal the trailing dims of input shape " + Arrays.toString(shape));
        }
        for (int k = 2; k <= 3; k++) {
            Tensor t = a.tensor(k);
            if (t != null && !Arrays.equals(t.shape(), ns)) {
                throw new IllegalArgumentException(op + ": " + a.name(k) + " has shape " + Arrays.toString(t.shape())
                        + ", expected normalized_shape " + Arrays.toString(ns));
            }
        }
        return Tensor.meta(x.dtype(), shape);
    }

    // ---- shared ---------------------------------------------------------------------------------

    /** Checks an (N, C, ...) input with per-channel weight, bias and running stats (args 1-4); returns its meta result. */
    private static Tensor channelShape(Args a, String op) {
        Tensor x = a.tensor(0);
        requireFloat(op, x);
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": input needs at least 2 dims (N, C, ...), got " + x);
        long c = x.size(1);
        for (int k = 1; k <= 4; k++) checkPerChannel(op, a.name(k), a.tensor(k), c);
        return Tensor.meta(x.dtype(), x.shape());
    }

    private static void checkPerChannel(String op, String name, Tensor t, long channels) {
        if (t != null && t.numel() != channels) {
            throw new IllegalArgumentException(op + ": " + name + " has " + t.numel() + " elements, expected one per channel ("
                    + channels + ")");
        }
    }

    private static void requireFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": input must be a floating-point tensor, got " + x.dtype());
        }
    }

    /** An (N, C, spatial...) input seen as batch x channels x flattened spatial size, row-major. */
    private record Layout(long batch, int channels, long spatial) {
        static Layout of(Tensor x) {
            long spatial = 1;
            for (int d = 2; d < x.dim(); d++) spatial *= x.size(d);
            return new Layout(x.size(0), (int) x.size(1), spatial);
        }

        long start(long n, int ch) { return (n * channels + ch) * spatial; }
    }

    private static double blockSum(double[] v, long start, long len) {
        double s = 0;
        for (long i = start; i < start + len; i++) s += v[(int) i];
        return s;
    }

    /** Sum of squared deviations from {@code mean}: two-pass for accuracy. */
    private static double blockSquares(double[] v, long start, long len, double mean) {
        double q = 0;
        for (long i = start; i < start + len; i++) {
            double d = v[(int) i] - mean;
            q += d * d;
        }
        return q;
    }

    private static void affineBlock(double[] v, double[] out, long start, long len, double mean, double inv, double w, double b) {
        for (long i = start; i < start + len; i++) out[(int) i] = (v[(int) i] - mean) * inv * w + b;
    }

    private static double[] optDoubles(Tensor t) { return t == null ? null : t.toDoubleArray(); }

    /** A new contiguous tensor shaped like {@code like} holding {@code values} in its dtype. */
    static Tensor fill(double[] values, Tensor like) {
        DType dt = like.dtype();
        if (dt == DType.FLOAT64) return Tensor.of(values, like.shape());
        if (dt == DType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return Tensor.of(f, like.shape());
        }
        Tensor out = Tensor.zeros(dt, like.shape());
        for (int i = 0; i < values.length; i++) out.storage().setDouble(i, values[i]);
        return out;
    }
}
