package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * upsample_nearest2d.vec and upsample_bilinear2d.vec on (N, C, H, W). From opset 11: Resize, whose
 * coordinate modes match PyTorch's (nearest: asymmetric + floor; bilinear: align_corners or half_pixel,
 * both clamping to the input). Before 11, Upsample and Resize-10 only have asymmetric coordinates: they
 * serve nearest upsampling by whole factors; other calls on fixed spatial sizes become Gathers (nearest)
 * or two MatMuls with interpolation matrices (bilinear), both following PyTorch's float32 index rules.
 */
final class UpsampleSymbolics {
    private UpsampleSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::upsample_nearest2d.vec", 7, g -> one(upsample(g, false, 2)));
        t.add("aten::upsample_bilinear2d.vec", 7, g -> one(upsample(g, true, 3)));
        t.add("aten::upsample_nearest1d.vec", 7, g -> one(separable(g, 1, 0, false, 2)));
        t.add("aten::upsample_nearest3d.vec", 7, g -> one(separable(g, 3, 0, false, 2)));
        t.add("aten::upsample_linear1d.vec", 7, g -> one(separable(g, 1, 1, (Boolean) g.constant(2), 3)));
        t.add("aten::upsample_trilinear3d.vec", 7, g -> one(separable(g, 3, 1, (Boolean) g.constant(2), 3)));
        t.add("aten::upsample_bicubic2d.vec", 7, g -> one(separable(g, 2, 2, (Boolean) g.constant(2), 3)));
    }

    /**
     * Resizing of the last {@code n} dims (static sizes), one dim at a time as PyTorch computes it: per tap a Gather of the
     * source positions and a multiplication by the weights (constants from PyTorch's float32 coordinate rules); exact
     * at every opset. mode 0 nearest, 1 linear, 2 cubic (A = -0.75).
     */
    private static Value separable(SymbolicContext g, int n, int mode, boolean alignCorners, int scaleArg) {
        Type t = OnnxOps.inType(g, 0);
        if (!ShapeForms.isStatic(t)) throw g.error("resizing dynamic sizes is not supported", "give static sizes");
        double[] scales = g.isNone(scaleArg) ? null : doubles(g.constant(scaleArg));
        long[] size = g.isNone(1) ? null : (long[]) g.constant(1);
        DType d = OnnxOps.outDtype(g, 0);
        Value x = OnnxOps.cast(g, g.input(0), d);
        int rank = t.rank();
        for (int k = 0; k < n; k++) {
            int axis = rank - n + k;
            long in = t.shape()[axis];
            long out = size != null ? size[k] : (long) Math.floor(in * scales[k]);
            int taps = mode == 0 ? 1 : mode == 1 ? 2 : 4;
            long[] index = new long[(int) (out * taps)];
            double[] weight = new double[index.length];
            double ratio = alignCorners ? (out > 1 ? (in - 1) / (double) (out - 1) : 0)
                    : scales != null && scales[k] > 0 ? 1.0 / scales[k] : in / (double) out;
            float r = (float) ratio;
            for (int i = 0; i < out; i++) {
                if (mode == 0) {
                    index[i] = Math.min((long) Math.floor(i * r), in - 1);
                    continue;
                }
                double src = alignCorners ? i * r : r * (i + 0.5) - 0.5;
                if (mode == 1) {
                    if (src < 0) src = 0;
                    long x0 = (long) src;
                    index[2 * i] = x0;
                    index[2 * i + 1] = x0 + (x0 < in - 1 ? 1 : 0);
                    weight[2 * i] = 1 - (src - x0);
                    weight[2 * i + 1] = src - x0;
                } else {
                    long x0 = (long) Math.floor(src);
                    double tt = src - x0, a = -0.75;
                    double[] w = {((a * (tt + 1) - 5 * a) * (tt + 1) + 8 * a) * (tt + 1) - 4 * a, ((a + 2) * tt - (a + 3)) * tt * tt + 1,
                        ((a + 2) * (1 - tt) - (a + 3)) * (1 - tt) * (1 - tt) + 1, ((a * (2 - tt) - 5 * a) * (2 - tt) + 8 * a) * (2 - tt) - 4 * a};
                    for (int j = 0; j < 4; j++) {
                        index[4 * i + j] = Math.min(Math.max(x0 - 1 + j, 0), in - 1);
                        weight[4 * i + j] = w[j];
                    }
                }
            }
            Value acc = null;
            for (int j = 0; j < taps; j++) {
                long[] idx = new long[(int) out];
                double[] w = new double[(int) out];
                for (int i = 0; i < out; i++) { idx[i] = index[i * taps + j]; w[i] = weight[i * taps + j]; }
                Value part = g.op("Gather", x, g.constant(Tensor.of(idx, out))).attr("axis", (long) axis).output();
                if (mode != 0) {
                    long[] view = new long[rank];
                    java.util.Arrays.fill(view, 1);
                    view[axis] = out;
                    part = OnnxOps.mul(g, part, g.constant(Tensor.of(w, view).to(d)));
                }
                acc = acc == null ? part : OnnxOps.add(g, acc, part);
            }
            x = acc;
        }
        return x;
    }

    private static Value upsample(SymbolicContext g, boolean linear, int scaleArg) {
        Type t = OnnxOps.inType(g, 0);
        if (t.rank() != 4) throw g.error("input has rank " + t.rank(), "pass an (N, C, H, W) input");
        boolean alignCorners = linear && (Boolean) g.constant(2);
        double[] scales = g.isNone(scaleArg) ? null : doubles(g.constant(scaleArg));
        boolean dynamicIn = t.symbol(2) != null || t.symbol(3) != null;
        long inH = t.shape()[2], inW = t.shape()[3];
        long[] out = null;
        if (scales == null && g.isConstant(1)) out = (long[]) g.constant(1);
        else if (scales != null && !dynamicIn) out = new long[] {(long) (inH * scales[0]), (long) (inW * scales[1])};

        if (g.opset() >= 11) return resize(g, linear, alignCorners, scales, out, t);
        if (!linear) {
            double[] whole = scales != null ? scales : out != null && !dynamicIn ? new double[] {(double) out[0] / inH, (double) out[1] / inW} : null;
            if (whole != null && isWhole(whole[0]) && isWhole(whole[1])) return upsampleOp(g, whole);
        }
        if (dynamicIn || out == null) {
            throw OnnxOps.notExpressible(g, (linear ? "bilinear" : "nearest") + " upsampling of dynamic spatial sizes"
                    + (linear ? "" : " by a fractional factor") + " needs Resize with PyTorch's coordinate modes", 11);
        }
        Double sh = scales == null ? null : scales[0], sw = scales == null ? null : scales[1];
        if (!linear) {
            Value rows = g.op("Gather", g.input(0), g.constant(nearestIndices(inH, out[0], sh))).attr("axis", 2L).output();
            return g.op("Gather", rows, g.constant(nearestIndices(inW, out[1], sw))).attr("axis", 3L).output();
        }
        DType d = OnnxOps.dtype(g, g.input(0));
        DType c = OnnxOps.computeType(g, "MatMul", d);
        Value x = OnnxOps.cast(g, g.input(0), c);
        Value colsT = g.constant(interpolation(inW, out[1], alignCorners, sw, true).to(c));
        Value rows = g.constant(interpolation(inH, out[0], alignCorners, sh, false).to(c));
        Value y = g.op("MatMul", rows, g.op("MatMul", x, colsT).output()).output();
        return OnnxOps.cast(g, y, d);
    }

    /** Resize (11 on) with scales when PyTorch was given scale factors, else with the full output sizes. */
    private static Value resize(SymbolicContext g, boolean linear, boolean alignCorners, double[] scales, long[] out, Type t) {
        boolean old = g.opset() < 13;   // roi and scales are required inputs at 11 and 12; empty means unused
        Value empty = old ? g.constant(Tensor.of(new float[0], 0)) : null;
        SymbolicContext.NodeBuilder b;
        if (scales != null) {
            Value sc = g.constant(Tensor.of(new float[] {1, 1, (float) scales[0], (float) scales[1]}, 4));
            b = g.op("Resize", g.input(0), empty, sc);
        } else {
            Value sizes;
            if (out != null && t.symbol(0) == null && t.symbol(1) == null) {
                sizes = g.constantLongs(t.shape()[0], t.shape()[1], out[0], out[1]);
            } else {
                Value nc = g.op("Gather", g.op("Shape", g.input(0)).output(), g.constantLongs(0, 1)).attr("axis", 0L).output();
                sizes = g.op("Concat", nc, g.input(1)).attr("axis", 0L).output();
            }
            b = g.op("Resize", g.input(0), empty, empty, sizes);
        }
        if (linear) {
            b.attr("mode", "linear").attr("coordinate_transformation_mode", alignCorners ? "align_corners" : "half_pixel");
        } else {
            b.attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor");
        }
        return b.output();
    }

    /** Nearest upsampling by whole factors: Upsample (scales attribute, then input at 9), Resize at 10. */
    private static Value upsampleOp(SymbolicContext g, double[] factors) {
        float[] s = {1, 1, (float) factors[0], (float) factors[1]};
        if (g.opset() < 9) return g.op("Upsample", g.input(0)).attr("mode", "nearest").attr("scales", new double[] {1, 1, s[2], s[3]}).output();
        return g.op(g.opset() < 10 ? "Upsample" : "Resize", g.input(0), g.constant(Tensor.of(s, 4))).attr("mode", "nearest").output();
    }

    private static boolean isWhole(double v) { return v >= 1 && v == Math.rint(v); }

    private static double[] doubles(Object c) {
        if (c instanceof double[] a) return a;
        long[] l = (long[]) c;
        double[] a = new double[l.length];
        for (int k = 0; k < l.length; k++) a[k] = l[k];
        return a;
    }

    /** PyTorch's index scale in float32: 1 / factor when a factor was given, else in / out. */
    private static float scale(long in, long out, Double factor) {
        return factor != null && factor > 0 ? (float) (1.0 / factor) : (float) in / out;
    }

    /** Source index of each output position: floor(dst * scale), clamped, with PyTorch's exact 1x and 2x cases. */
    private static Tensor nearestIndices(long in, long out, Double factor) {
        long[] idx = new long[(int) out];
        float s = scale(in, out, factor);
        for (int i = 0; i < out; i++) {
            if (out == in) idx[i] = i;
            else if (out == 2 * in) idx[i] = i >> 1;
            else idx[i] = Math.min((long) Math.floor(i * s), in - 1);
        }
        return Tensor.of(idx, out);
    }

    /**
     * The (out x in) linear interpolation matrix of one axis (transposed when {@code transposed}): each
     * row holds the two taps of PyTorch's source position, computed in float32 as PyTorch does.
     */
    private static Tensor interpolation(long in, long out, boolean alignCorners, Double factor, boolean transposed) {
        float s = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : scale(in, out, factor);
        double[] m = new double[(int) (in * out)];
        for (int d = 0; d < out; d++) {
            float real = alignCorners ? s * d : Math.max(s * (d + 0.5f) - 0.5f, 0f);
            int i0 = (int) Math.min((long) real, in - 1);
            int i1 = i0 < in - 1 ? i0 + 1 : i0;
            float lambda = Math.min(Math.max(real - i0, 0f), 1f);
            m[transposed ? (int) (i0 * out + d) : (int) (d * in + i0)] += 1 - lambda;
            m[transposed ? (int) (i1 * out + d) : (int) (d * in + i1)] += lambda;
        }
        return transposed ? Tensor.of(m, in, out) : Tensor.of(m, out, in);
    }
}
