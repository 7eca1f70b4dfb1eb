package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: reductions (sum, mean, max, argmax, var, norm, ...), softmax, cumsum, sort and topk. */
public final class ReductionOps {
    private ReductionOps() {}

    public static void register(OpRegistry r) {
    }
}
