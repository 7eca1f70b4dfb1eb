package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The padding layers' function, {@code F.pad(x, pad, mode, value)} for 1-, 2- and 3-D padding. {@code pad} lists
 * (before, after) pairs from the last dim backwards, as PyTorch. Reflection and replication of 1-D inputs run the
 * 2-D operators over a height of 1; of 3-D inputs, the 2-D operator over (H, W) with D as channels, then over D with
 * (H', W') flattened (each dim is padded on its own, so the two passes give PyTorch's result). Circular padding
 * concatenates slices, one dim at a time.
 */
final class Padding {
    private Padding() {}

    static long[] check(String layer, int n, long[] padding) {
        if (padding.length == 1) return Tuples.rep(2 * n, padding[0]);
        if (padding.length != 2 * n) {
            throw new IllegalArgumentException(layer + ": padding needs 1 or " + 2 * n + " values, got " + Arrays.toString(padding));
        }
        return padding.clone();
    }

    static Tensor pad(String layer, Tensor x, long[] pad, String mode, double value) {
        int n = pad.length / 2;
        if (x.dim() != n + 1 && x.dim() != n + 2) {
            throw new IllegalArgumentException(layer + ": expected a " + (n + 1) + "-D or " + (n + 2) + "-D input, got " + x);
        }
        switch (mode) {
            case "constant": return F.pad(x, pad, value);
            case "circular": return circular(layer, x, pad);
            case "reflect":
            case "replicate": return edge(x, pad, mode.equals("reflect"));
            default: throw new IllegalArgumentException(layer + ": unknown padding mode '" + mode + "'");
        }
    }

    private static Tensor pad2d(Tensor x, boolean reflect, long... p) {
        return reflect ? F.reflectionPad2d(x, p) : F.replicationPad2d(x, p);
    }

    private static Tensor edge(Tensor x, long[] p, boolean reflect) {
        switch (p.length) {
            case 2: return F.squeeze(pad2d(F.unsqueeze(x, -2), reflect, p[0], p[1], 0, 0), -2);
            case 4: return pad2d(x, reflect, p);
            default: {
                int n = x.dim();
                Tensor hw = pad2d(F.flatten(x, 0, -4), reflect, p[0], p[1], p[2], p[3]);             // (B, D, H', W')
                Tensor d = pad2d(F.unsqueeze(F.flatten(hw, 2), 1), reflect, 0, 0, p[4], p[5]);      // (B, 1, D', H'W')
                SymInt[] shape = new SymInt[n];
                for (int i = 0; i < n - 3; i++) shape[i] = x.symSize(i);
                shape[n - 3] = d.symSize(2);
                shape[n - 2] = hw.symSize(2);
                shape[n - 1] = hw.symSize(3);
                return F.reshape(d, shape);
            }
        }
    }

    private static Tensor circular(String layer, Tensor x, long[] p) {
        Tensor y = x;
        for (int i = 0; i < p.length / 2; i++) {
            long before = p[2 * i], after = p[2 * i + 1];
            int dim = -1 - i;
            long size = x.size(dim);
            if (before < 0 || after < 0 || before > size || after > size) {
                throw new IllegalArgumentException(layer + ": circular padding (" + before + ", " + after + ") needs 0 <= pad <= "
                        + size + " at dim " + dim);
            }
            List<Tensor> parts = new ArrayList<>();
            if (before > 0) parts.add(F.slice(y, dim, -before, null, 1));
            parts.add(y);
            if (after > 0) parts.add(F.slice(y, dim, 0L, after, 1));
            if (parts.size() > 1) y = F.cat(parts, dim);
        }
        return y;
    }
}
