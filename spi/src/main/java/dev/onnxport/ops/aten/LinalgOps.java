package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: matrix products: matmul, mm, bmm, addmm, baddbmm, linear, dot, outer, einsum. */
public final class LinalgOps {
    private LinalgOps() {}

    public static void register(OpRegistry r) {
    }
}
