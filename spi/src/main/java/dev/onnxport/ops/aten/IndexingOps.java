package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: slicing and indexing: slice, select, narrow, gather, scatter, index, index_select, flip, roll, tril, triu, pads, masked_fill, where. */
public final class IndexingOps {
    private IndexingOps() {}

    public static void register(OpRegistry r) {
    }
}
