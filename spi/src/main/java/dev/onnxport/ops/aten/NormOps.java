package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: normalization: batch_norm, layer_norm, group_norm, instance_norm. */
public final class NormOps {
    private NormOps() {}

    public static void register(OpRegistry r) {
    }
}
