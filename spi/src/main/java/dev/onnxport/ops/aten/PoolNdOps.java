package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;
import java.util.function.BiFunction;

/** Aten ops: 1-D and 3-D pooling, pooling with indices and adaptive 1-D/3-D pooling ({@link PoolNd}). */
final class PoolNdOps {
    private PoolNdOps() {}

    static void register(OpRegistry r) {
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            String d = n + "d", l = "int[" + n + "]";
            String one = n == 1 ? "[1]" : "1", zero = n == 1 ? "[0]" : "0";
            if (n != 2) {
                both(r, "aten::avg_pool" + d + "(Tensor self, " + l + " kernel_size, " + l + " stride=[], " + l + " padding=" + zero
                        + ", bool ceil_mode=False, bool count_include_pad=True" + (n == 3 ? ", int? divisor_override=None" : "") + ") -> Tensor",
                        (a, meta) -> new Tensor[] {PoolNd.avg(a.tensor(0), PoolNd.geometry("aten::avg_pool" + d, a.tensor(0), dims, a.ints(1),
                                a.ints(2), a.ints(3), null, a.bool(4)), a.bool(5), dims == 3 ? a.optInteger(6) : null, meta)});
            }
            if (n == 3) {
                both(r, "aten::max_pool3d(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, int[3] dilation=1, "
                        + "bool ceil_mode=False) -> Tensor", (a, meta) -> PoolNd.max(a.tensor(0), PoolNd.geometry("aten::max_pool3d",
                        a.tensor(0), 3, a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.bool(5)), false, meta));
            }
            both(r, "aten::max_pool" + d + "_with_indices(Tensor self, " + l + " kernel_size, " + l + " stride=[], " + l + " padding="
                    + zero + ", " + l + " dilation=" + one + ", bool ceil_mode=False) -> (Tensor, Tensor)",
                    (a, meta) -> PoolNd.max(a.tensor(0), PoolNd.geometry("aten::max_pool" + d + "_with_indices", a.tensor(0), dims,
                            a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.bool(5)), true, meta));
            if (n != 2) {
                both(r, "aten::adaptive_avg_pool" + d + "(Tensor self, " + l + " output_size) -> Tensor",
                        (a, meta) -> PoolNd.adaptive("aten::adaptive_avg_pool" + d, a.tensor(0), dims, a.ints(1), false, meta));
                both(r, "aten::adaptive_max_pool" + d + "(Tensor self, " + l + " output_size) -> (Tensor, Tensor)",
                        (a, meta) -> PoolNd.adaptive("aten::adaptive_max_pool" + d, a.tensor(0), dims, a.ints(1), true, meta));
            }
        }
    }

    private static void both(OpRegistry r, String schema, BiFunction<Args, Boolean, Tensor[]> f) {
        r.register(schema, a -> f.apply(a, false), a -> f.apply(a, true));
    }
}
