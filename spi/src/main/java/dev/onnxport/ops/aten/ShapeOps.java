package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: views and shape changes: view, reshape, permute, transpose, expand, squeeze, cat, stack, split, .... */
public final class ShapeOps {
    private ShapeOps() {}

    public static void register(OpRegistry r) {
    }
}
