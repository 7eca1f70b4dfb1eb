package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: upsample_nearest2d.vec and upsample_bilinear2d.vec on (N, C, H, W) inputs. Source indices
 * follow PyTorch's CPU rules, including its float32 index arithmetic, so that rounding picks the same pixels.
 */
final class UpsampleOps {
    private UpsampleOps() {}

    static void register(OpRegistry r) {
        r.register("aten::upsample_nearest2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor",
                a -> new Tensor[] {nearest(a)}, a -> new Tensor[] {plan(a, 1, 2).meta()});
        r.register("aten::upsample_bilinear2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
                        + "float[]? scale_factors) -> Tensor",
                a -> new Tensor[] {bilinear(a)}, a -> new Tensor[] {plan(a, 1, 3).meta()});
    }

    /**
     * Output sizes and the scales passed on to the index rules: scale factors are used only when they,
     * not output_size, were given (the .vec overloads' rule).
     */
    private record Plan(Tensor input, long outH, long outW, Double scaleH, Double scaleW) {
        Tensor meta() { return Tensor.meta(input.dtype(), input.size(0), input.size(1), outH, outW); }
    }

    private static Plan plan(Args a, int sizeArg, int scaleArg) {
        String op = a.op().qualifiedName();
        Tensor x = a.tensor(0);
        if (x.dim() != 4) throw new IllegalArgumentException(op + ": input must be 4-d (N, C, H, W), got shape " + Arrays.toString(x.shape()));
        long[] size = a.ints(sizeArg);
        double[] scales = a.floats(scaleArg);
        if ((size == null) == (scales == null)) {
            throw new IllegalArgumentException(op + ": give exactly one of output_size and scale_factors");
        }
        if (size != null) {
            if (size.length != 2 || size[0] <= 0 || size[1] <= 0) {
                throw new IllegalArgumentException(op + ": output_size must be 2 positive sizes, got " + Arrays.toString(size));
            }
            return new Plan(x, size[0], size[1], null, null);
        }
        if (scales.length != 2 || !(scales[0] > 0) || !(scales[1] > 0)) {
            throw new IllegalArgumentException(op + ": scale_factors must be 2 positive numbers, got " + Arrays.toString(scales));
        }
        long h = (long) (x.size(2) * scales[0]), w = (long) (x.size(3) * scales[1]);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(op + ": scale_factors " + Arrays.toString(scales) + " give an empty output");
        }
        return new Plan(x, h, w, scales[0], scales[1]);
    }

    // ---- nearest --------------------------------------------------------------------------------

    private static Tensor nearest(Args a) {
        Plan p = plan(a, 1, 2);
        Tensor x = p.input();
        long planes = x.size(0) * x.size(1);
        int inH = (int) x.size(2), inW = (int) x.size(3), outH = (int) p.outH(), outW = (int) p.outW();
        long[] src = new long[Math.toIntExact(planes * outH * outW)];
        int k = 0;
        for (long c = 0; c < planes; c++) {
            for (int i = 0; i < outH; i++) {
                long row = c * inH * inW + (long) nearestIndex(i, inH, outH, p.scaleH()) * inW;
                for (int j = 0; j < outW; j++) src[k++] = row + nearestIndex(j, inW, outW, p.scaleW());
            }
        }
        return EmbeddingDropoutDistanceOps.gather(x, src, p.meta().shape());
    }

    /** floor(dst * scale) in float32, clamped to the input, with PyTorch's exact shortcuts for 1x and 2x. */
    private static int nearestIndex(int dst, int in, int out, Double scale) {
        if (out == in) return dst;
        if (out == 2 * in) return dst >> 1;
        float s = scaleValue(scale, in, out);
        return (int) Math.min((long) Math.floor(dst * s), in - 1);
    }

    /** 1 / scale when a positive scale was given, otherwise in / out; in float32. */
    private static float scaleValue(Double scale, int in, int out) {
        return scale != null && scale > 0 ? (float) (1.0 / scale) : (float) in / out;
    }

    // ---- bilinear -------------------------------------------------------------------------------

    private static Tensor bilinear(Args a) {
        Plan p = plan(a, 1, 3);
        Tensor x = p.input();
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("aten::upsample_bilinear2d: input must be floating point, got " + x.dtype());
        }
        boolean corners = a.bool(2);
        int inH = (int) x.size(2), inW = (int) x.size(3), outH = (int) p.outH(), outW = (int) p.outW();
        Taps rows = taps(inH, outH, corners, p.scaleH()), cols = taps(inW, outW, corners, p.scaleW());
        double[] v = x.toDoubleArray();
        long planes = x.size(0) * x.size(1);
        double[] out = new double[Math.toIntExact(planes * outH * outW)];
        int k = 0;
        for (long c = 0; c < planes; c++) {
            int base = (int) (c * inH * inW);
            for (int i = 0; i < outH; i++) {
                int r0 = base + rows.i0[i] * inW, r1 = base + rows.i1[i] * inW;
                for (int j = 0; j < outW; j++) {
                    int c0 = cols.i0[j], c1 = cols.i1[j];
                    double top = cols.w0[j] * v[r0 + c0] + cols.w1[j] * v[r0 + c1];
                    double bottom = cols.w0[j] * v[r1 + c0] + cols.w1[j] * v[r1 + c1];
                    out[k++] = rows.w0[i] * top + rows.w1[i] * bottom;
                }
            }
        }
        return NormOps.fill(out, p.meta());
    }

    /** For each output position along one axis: the two source indices and their weights. */
    private record Taps(int[] i0, int[] i1, double[] w0, double[] w1) {}

    private static Taps taps(int in, int out, boolean alignCorners, Double scale) {
        float s = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : scaleValue(scale, in, out);
        Taps t = new Taps(new int[out], new int[out], new double[out], new double[out]);
        for (int d = 0; d < out; d++) {
            float real = alignCorners ? s * d : Math.max(s * (d + 0.5f) - 0.5f, 0f);
            int i0 = Math.min((int) real, in - 1);
            float lambda = Math.min(Math.max(real - i0, 0f), 1f);
            t.i0[d] = i0;
            t.i1[d] = i0 < in - 1 ? i0 + 1 : i0;
            t.w1[d] = lambda;
            t.w0[d] = 1 - lambda;
        }
        return t;
    }
}
