package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: tensor creation and casts: arange, zeros, full, ones_like, zeros_like, to. */
public final class FactoryOps {
    private FactoryOps() {}

    public static void register(OpRegistry r) {
    }
}
