package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code nn.Upsample(size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None)} on
 * (N, C, W), (N, C, H, W)
 * or (N, C, D, H, W). Modes: {@code nearest} (any of the three), {@code linear} (3-D input), {@code bilinear} (4-D),
 * {@code trilinear} (5-D). Exactly one of size and scale factor is given; a single number applies to every spatial
 * dim. Options by name: {@code Upsample.builder().scaleFactor(2).mode("bilinear").alignCorners(true).build()}.
 *
 * <p>1-D inputs run the 2-D operators over a height of 1; 3-D inputs run them over (H, W), then over D with
 * (H', W') flattened: nearest and linear interpolation are separable, so this is PyTorch's result.
 */
public final class Upsample extends UnaryModule {
    private final long[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final Boolean alignCorners;
    private final boolean recomputeScaleFactor;

    public Upsample(long[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        this(size, scaleFactor, mode, alignCorners, null);
    }

    /**
     * With {@code recomputeScaleFactor} true, a scale factor only sets the output size, floor(input size * factor), and
     * the interpolation maps coordinates by input / output size, as PyTorch.
     */
    public Upsample(long[] size, double[] scaleFactor, String mode, Boolean alignCorners, Boolean recomputeScaleFactor) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("Upsample: give either size or scale_factor, not both or neither");
        }
        if (!Arrays.asList("nearest", "linear", "bilinear", "trilinear").contains(mode)) {
            throw new IllegalArgumentException("Upsample: mode '" + mode + "' is not supported (nearest, linear, bilinear, trilinear)");
        }
        if (mode.equals("nearest") && alignCorners != null) {
            throw new IllegalArgumentException("Upsample: align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | trilinear");
        }
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
        this.recomputeScaleFactor = recomputeScaleFactor != null && recomputeScaleFactor;
    }

    public static Builder builder() { return new Builder(); }

    /** {@code Upsample.builder().size(7, 9).mode("bilinear").build()}. */
    public static final class Builder {
        private long[] size;
        private double[] scaleFactor;
        private String mode = "nearest";
        private Boolean alignCorners, recomputeScaleFactor;

        public Builder size(long... v) { size = v.clone(); return this; }
        public Builder scaleFactor(double... v) { scaleFactor = v.clone(); return this; }
        public Builder mode(String v) { mode = v; return this; }
        public Builder alignCorners(Boolean v) { alignCorners = v; return this; }
        public Builder recomputeScaleFactor(Boolean v) { recomputeScaleFactor = v; return this; }
        public Upsample build() { return new Upsample(size, scaleFactor, mode, alignCorners, recomputeScaleFactor); }
    }

    @Override
    protected Tensor compute(Tensor x) {
        int n = x.dim() - 2;
        if (n < 1 || n > 3) throw new IllegalArgumentException("Upsample: expected a 3-D, 4-D or 5-D input, got " + x);
        int want = switch (mode) { case "linear" -> 1; case "bilinear" -> 2; case "trilinear" -> 3; default -> n; };
        if (want != n) {
            throw new IllegalArgumentException("Upsample: mode '" + mode + "' needs a " + (want + 2) + "-D input, got " + x);
        }
        long[] s = size == null ? null : Tuples.check("Upsample", "size", n, size);
        double[] f = null;
        if (scaleFactor != null) {
            f = scaleFactor.length == 1 ? new double[] {scaleFactor[0], scaleFactor[0], scaleFactor[0]} : scaleFactor.clone();
            if (scaleFactor.length != 1 && scaleFactor.length != n) {
                throw new IllegalArgumentException("Upsample: scale_factor needs 1 or " + n + " values, got " + Arrays.toString(scaleFactor));
            }
        }
        if (recomputeScaleFactor && f != null) {
            s = new long[n];
            for (int i = 0; i < n; i++) s[i] = (long) Math.floor(x.size(2 + i) * f[i]);
            f = null;
        }
        switch (n) {
            case 1: {
                Tensor y = up2d(F.unsqueeze(x, 2), s == null ? null : new long[] {1, s[0]}, f == null ? null : new double[] {1.0, f[0]});
                return F.squeeze(y, 2);
            }
            case 2: return up2d(x, s, f == null ? null : new double[] {f[0], f[1]});
            default: {
                SymInt batch = x.symSize(0), channels = x.symSize(1);
                Tensor hw = up2d(F.flatten(x, 1, 2), s == null ? null : new long[] {s[1], s[2]},
                        f == null ? null : new double[] {f[1], f[2]});                                  // (N, C*D, H', W')
                SymInt h = hw.symSize(2), w = hw.symSize(3);
                Tensor d = up2d(F.reshape(hw, batch, channels, x.symSize(2), h.mul(w)),
                        s == null ? null : new long[] {s[0], hw.size(2) * hw.size(3)},
                        f == null ? null : new double[] {f[0], 1.0});                                   // (N, C, D', H'W')
                return F.reshape(d, batch, channels, d.symSize(2), h, w);
            }
        }
    }

    private Tensor up2d(Tensor x, long[] outSize, double[] scales) {
        if (mode.equals("nearest")) return F.upsampleNearest2d(x, outSize, scales);
        return F.upsampleBilinear2d(x, outSize, alignCorners != null && alignCorners, scales);
    }
}
