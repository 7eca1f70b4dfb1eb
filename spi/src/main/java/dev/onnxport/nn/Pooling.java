package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * The 1-D and 3-D pooling and resampling of the layers, composed from the 2-D aten operators so that they trace
 * and export like any other call. 1-D runs as 2-D over a height of 1. 3-D is separable: the window is a box, so
 * the maximum (or sum, with the divisor a product of per-dimension counts) over it is taken over (H, W) first with
 * D as channels, then over D with (H', W') flattened into the width; padding, dilation and ceil_mode act on each
 * dimension alone, so both steps reproduce PyTorch's windows exactly. Inputs keep any leading (batch, channel) dims.
 */
final class Pooling {
    private Pooling() {}

    static long[] pair(long a, long b) { return new long[] {a, b}; }

    // ---- 1-D through 2-D --------------------------------------------------------------------------

    static Tensor avgPool1d(Tensor x, long k, long s, long p, boolean ceil, boolean includePad, Long divisor) {
        Tensor y = F.avgPool2d(F.unsqueeze(x, -2), pair(1, k), pair(1, s), pair(0, p), ceil, includePad, divisor);
        return F.squeeze(y, -2);
    }

    static Tensor adaptiveAvgPool1d(Tensor x, long out) {
        return F.squeeze(F.adaptiveAvgPool2d(F.unsqueeze(x, -2), 1, out), -2);
    }

    static Tensor adaptiveMaxPool1d(Tensor x, long out) {
        return F.squeeze(F.adaptiveMaxPool2d(F.unsqueeze(x, -2), 1, out)[0], -2);
    }

    // ---- 3-D as two 2-D passes ------------------------------------------------------------------------

    /** The two passes of a 3-D pooling: over (H, W) and over (D, H'W'). */
    private interface Pass { Tensor apply(Tensor x4, boolean depth); }

    private static Tensor separable3d(String layer, Tensor x, Pass pass) {
        int n = x.dim();
        if (n != 4 && n != 5) throw new IllegalArgumentException(layer + ": expected a 4-D or 5-D input, got " + x);
        Tensor hw = pass.apply(F.flatten(x, 0, -4), false);                 // (B, D, H', W')
        Tensor d = pass.apply(F.unsqueeze(F.flatten(hw, 2), 1), true);      // (B, 1, D', H'W')
        SymInt[] shape = new SymInt[n];
        for (int i = 0; i < n - 3; i++) shape[i] = x.symSize(i);
        shape[n - 3] = d.symSize(2);
        shape[n - 2] = hw.symSize(2);
        shape[n - 1] = hw.symSize(3);
        return F.reshape(d, shape);
    }

    static Tensor maxPool3d(Tensor x, long[] k, long[] s, long[] p, long[] dil, boolean ceil) {
        return separable3d("MaxPool3d", x, (t, depth) -> depth
                ? F.maxPool2d(t, pair(k[0], 1), pair(s[0], 1), pair(p[0], 0), pair(dil[0], 1), ceil)
                : F.maxPool2d(t, pair(k[1], k[2]), pair(s[1], s[2]), pair(p[1], p[2]), pair(dil[1], dil[2]), ceil));
    }

    static Tensor avgPool3d(Tensor x, long[] k, long[] s, long[] p, boolean ceil, boolean includePad, Long divisor) {
        // with divisor_override the first pass sums (divisor 1) and the second divides once
        return separable3d("AvgPool3d", x, (t, depth) -> depth
                ? F.avgPool2d(t, pair(k[0], 1), pair(s[0], 1), pair(p[0], 0), ceil, includePad, divisor)
                : F.avgPool2d(t, pair(k[1], k[2]), pair(s[1], s[2]), pair(p[1], p[2]), ceil, includePad,
                        divisor == null ? null : 1L));
    }

    static Tensor adaptiveAvgPool3d(Tensor x, long[] out) {
        return separable3d("AdaptiveAvgPool3d", x, (t, depth) -> depth
                ? F.adaptiveAvgPool2d(t, out[0], out[1] * out[2]) : F.adaptiveAvgPool2d(t, out[1], out[2]));
    }

    static Tensor adaptiveMaxPool3d(Tensor x, long[] out) {
        return separable3d("AdaptiveMaxPool3d", x, (t, depth) -> depth
                ? F.adaptiveMaxPool2d(t, out[0], out[1] * out[2])[0] : F.adaptiveMaxPool2d(t, out[1], out[2])[0]);
    }
}
