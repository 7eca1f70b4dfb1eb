package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: reflection, replication and circular padding of the last 1, 2 or 3 dims, and {@code aten::pad}, made of
 * index_select along each padded dim with the source index of every output position ({@link AtenOps#composite}).
 */
final class PadComposites {
    private PadComposites() {}

    enum Mode { REFLECT, REPLICATE, CIRCULAR }

    static void register(OpRegistry r) {
        composite(r, "aten::reflection_pad1d(Tensor self, int[2] padding) -> Tensor", a -> pad("aten::reflection_pad1d", a.tensor(0), a.ints(1), Mode.REFLECT));
        composite(r, "aten::reflection_pad3d(Tensor self, int[6] padding) -> Tensor", a -> pad("aten::reflection_pad3d", a.tensor(0), a.ints(1), Mode.REFLECT));
        composite(r, "aten::replication_pad1d(Tensor self, int[2] padding) -> Tensor", a -> pad("aten::replication_pad1d", a.tensor(0), a.ints(1), Mode.REPLICATE));
        composite(r, "aten::replication_pad3d(Tensor self, int[6] padding) -> Tensor", a -> pad("aten::replication_pad3d", a.tensor(0), a.ints(1), Mode.REPLICATE));
        composite(r, "aten::_pad_circular(Tensor self, int[] pad) -> Tensor", a -> pad("aten::_pad_circular", a.tensor(0), a.ints(1), Mode.CIRCULAR));
        composite(r, "aten::pad(Tensor self, int[] pad, str mode=\"constant\", float? value=None) -> Tensor", a -> {
            Tensor x = a.tensor(0);
            long[] p = a.ints(1);
            return switch (a.string(2)) {
                case "constant" -> call("aten::constant_pad_nd", x, p, a.isNone(3) ? 0.0 : a.real(3));
                case "reflect" -> pad("aten::pad", x, p, Mode.REFLECT);
                case "replicate" -> pad("aten::pad", x, p, Mode.REPLICATE);
                case "circular" -> pad("aten::pad", x, p, Mode.CIRCULAR);
                default -> throw new IllegalArgumentException("aten::pad: mode must be constant, reflect, replicate or circular, got '"
                        + a.string(2) + "'");
            };
        });
    }

    /** Pads the last {@code p.length / 2} dims of {@code x}; {@code p} lists (before, after) pairs from the last dim. */
    static Tensor pad(String op, Tensor x, long[] p, Mode mode) {
        if (p.length % 2 != 0 || p.length / 2 > x.dim()) {
            throw new IllegalArgumentException(op + ": padding length must be even and at most twice the rank, got " + Arrays.toString(p)
                    + " for shape " + Arrays.toString(x.shape()));
        }
        for (int k = 0; k < p.length / 2; k++) {
            int d = x.dim() - 1 - k;
            long before = p[2 * k], after = p[2 * k + 1], n = x.size(d);
            if (mode == Mode.REFLECT && (before >= n || after >= n)) {
                throw new IllegalArgumentException(op + ": padding size should be less than the corresponding input dimension, but got: padding ("
                        + before + ", " + after + ") at dimension " + d + " of input " + Arrays.toString(x.shape()));
            }
            if (mode == Mode.CIRCULAR && (before > n || after > n)) {
                throw new IllegalArgumentException(op + ": padding value causes wrapping around more than once");
            }
            long out = n + before + after;
            long[] idx = new long[(int) Math.max(out, 0)];
            for (int i = 0; i < out; i++) {
                long s = i - before;
                idx[i] = switch (mode) {
                    case REFLECT -> s < 0 ? -s : s >= n ? 2 * (n - 1) - s : s;
                    case REPLICATE -> Math.min(Math.max(s, 0), n - 1);
                    case CIRCULAR -> Math.floorMod(s, n);
                };
            }
            x = call("aten::index_select", x, (long) d, Tensor.of(idx, idx.length));
        }
        return x;
    }
}
