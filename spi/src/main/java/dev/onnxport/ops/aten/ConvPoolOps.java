package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: convolutions, transposed convolutions and pooling. */
public final class ConvPoolOps {
    private ConvPoolOps() {}

    public static void register(OpRegistry r) {
    }
}
