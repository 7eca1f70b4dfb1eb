package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.PixelUnshuffle(downscale_factor)}: (*, C, H r, W r) to (*, C r^2, H, W), the inverse of
 * {@link PixelShuffle}; a reshape to (*, C, H, r, W, r), a permute to (*, C, r, r, H, W) and a reshape.
 */
public final class PixelUnshuffle extends UnaryModule {
    private final long r;

    public PixelUnshuffle(long downscaleFactor) {
        if (downscaleFactor <= 0) throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be > 0");
        this.r = downscaleFactor;
    }

    @Override
    protected Tensor compute(Tensor x) {
        int n = x.dim();
        if (n < 3 || x.size(-1) % r != 0 || x.size(-2) % r != 0) {
            throw new IllegalArgumentException("PixelUnshuffle: expected (*, C, H, W) with H and W divisible by " + r + ", got " + x);
        }
        int lead = n - 3;
        SymInt c = x.symSize(n - 3), h = x.symSize(n - 2).floorDiv(r), w = x.symSize(n - 1).floorDiv(r);
        SymInt[] split = new SymInt[lead + 5];
        SymInt[] out = new SymInt[lead + 3];
        long[] perm = new long[lead + 5];
        for (int i = 0; i < lead; i++) {
            split[i] = out[i] = x.symSize(i);
            perm[i] = i;
        }
        split[lead] = c; split[lead + 1] = h; split[lead + 2] = SymInt.of(r); split[lead + 3] = w; split[lead + 4] = SymInt.of(r);
        perm[lead] = lead; perm[lead + 1] = lead + 2; perm[lead + 2] = lead + 4; perm[lead + 3] = lead + 1; perm[lead + 4] = lead + 3;
        out[lead] = c.mul(r * r); out[lead + 1] = h; out[lead + 2] = w;
        return F.reshape(F.permute(F.reshape(x, split), perm), out);
    }
}
