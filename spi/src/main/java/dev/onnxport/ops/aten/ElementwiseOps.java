package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: unary and binary elementwise math, comparisons, logical ops and activations. */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    public static void register(OpRegistry r) {
    }
}
