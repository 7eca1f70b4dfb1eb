package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;

/**
 * Aten ops: nearest, linear, trilinear and bicubic resizing of 1 to 3 trailing dims, one dim at a time (PyTorch's
 * interpolations are separable): each output position reads a few input positions along the dim (index_select) with
 * PyTorch's source coordinates and weights.
 */
final class UpsampleNd {
    private UpsampleNd() {}

    enum Mode { NEAREST, LINEAR, CUBIC }

    static void register(OpRegistry r) {
        composite(r, "aten::upsample_nearest1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor",
                a -> resize(a, 1, Mode.NEAREST, false, 2));
        composite(r, "aten::upsample_nearest3d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor",
                a -> resize(a, 3, Mode.NEAREST, false, 2));
        composite(r, "aten::upsample_linear1d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor",
                a -> resize(a, 1, Mode.LINEAR, a.bool(2), 3));
        composite(r, "aten::upsample_trilinear3d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor",
                a -> resize(a, 3, Mode.LINEAR, a.bool(2), 3));
        composite(r, "aten::upsample_bicubic2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor",
                a -> resize(a, 2, Mode.CUBIC, a.bool(2), 3));
    }

    /** The taps along one dim: for each output position, {@code taps} input indices and their weights. */
    record Taps(int taps, long[] index, double[] weight) {}

    private static Tensor resize(Args a, int n, Mode mode, boolean alignCorners, int scalesArg) {
        Tensor x = a.tensor(0);
        if (x.dim() != n + 2) throw new IllegalArgumentException(a.op().qualifiedName() + ": expected a " + (n + 2) + "-D input");
        long[] size = a.isNone(1) ? null : a.ints(1);
        double[] scales = a.isNone(scalesArg) ? null : a.floats(scalesArg);
        if ((size == null) == (scales == null)) {
            throw new IllegalArgumentException(a.op().qualifiedName() + ": give exactly one of output_size and scale_factors");
        }
        for (int k = 0; k < n; k++) {
            int d = x.dim() - n + k;
            long in = x.size(d);
            long out = size != null ? size[k] : (long) Math.floor(in * scales[k]);
            Taps t = taps(mode, in, out, scales == null ? null : scales[k], alignCorners);
            Tensor acc = null;
            for (int j = 0; j < t.taps; j++) {
                long[] idx = new long[(int) out];
                double[] w = new double[(int) out];
                for (int i = 0; i < out; i++) { idx[i] = t.index[i * t.taps + j]; w[i] = t.weight[i * t.taps + j]; }
                Tensor part = call("aten::index_select", x, (long) d, Tensor.of(idx, out));
                if (mode != Mode.NEAREST) {
                    long[] view = new long[x.dim()];
                    java.util.Arrays.fill(view, 1);
                    view[d] = out;
                    part = call("aten::mul.Tensor", part, Tensor.of(w, view).copy(x.dtype()));
                }
                acc = acc == null ? part : call("aten::add.Tensor", acc, part);
            }
            x = acc;
        }
        return x;
    }

    /** PyTorch's source positions and weights along one dim of size {@code in} resized to {@code out}. */
    static Taps taps(Mode mode, long in, long out, Double scale, boolean alignCorners) {
        int taps = mode == Mode.NEAREST ? 1 : mode == Mode.LINEAR ? 2 : 4;
        long[] index = new long[(int) (out * taps)];
        double[] weight = new double[index.length];
        // area_pixel_compute_scale: a given scale factor is used as 1/scale unless corners are aligned
        double ratio = alignCorners ? (out > 1 ? (in - 1) / (double) (out - 1) : 0)
                : scale != null && scale > 0 ? 1.0 / scale : in / (double) out;
        float ratioF = (float) ratio;
        for (int i = 0; i < out; i++) {
            if (mode == Mode.NEAREST) {
                index[i] = Math.min((long) Math.floor(i * ratioF), in - 1);
                weight[i] = 1;
                continue;
            }
            double src = alignCorners ? i * ratioF : ratioF * (i + 0.5) - 0.5;
            if (mode == Mode.LINEAR) {
                if (src < 0) src = 0;
                long x0 = (long) src;
                long x1 = x0 + (x0 < in - 1 ? 1 : 0);
                double l = src - x0;
                index[2 * i] = x0;
                index[2 * i + 1] = x1;
                weight[2 * i] = 1 - l;
                weight[2 * i + 1] = l;
            } else {
                long x0 = (long) Math.floor(src);
                double t = src - x0, A = -0.75;
                double[] w = {
                    ((A * (t + 1) - 5 * A) * (t + 1) + 8 * A) * (t + 1) - 4 * A,
                    ((A + 2) * t - (A + 3)) * t * t + 1,
                    ((A + 2) * (1 - t) - (A + 3)) * (1 - t) * (1 - t) + 1,
                    ((A * (2 - t) - 5 * A) * (2 - t) + 8 * A) * (2 - t) - 4 * A};
                for (int j = 0; j < 4; j++) {
                    index[4 * i + j] = Math.min(Math.max(x0 - 1 + j, 0), in - 1);
                    weight[4 * i + j] = w[j];
                }
            }
        }
        return new Taps(taps, index, weight);
    }
}
