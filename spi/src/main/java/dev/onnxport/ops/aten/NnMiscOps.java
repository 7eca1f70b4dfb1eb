package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: other nn ops: embedding, dropout, upsampling, im2col, pixel_shuffle, cosine_similarity, pairwise_distance. */
public final class NnMiscOps {
    private NnMiscOps() {}

    public static void register(OpRegistry r) {
    }
}
