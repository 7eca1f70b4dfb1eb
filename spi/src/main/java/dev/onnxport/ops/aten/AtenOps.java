package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Registers every built-in aten op, one group per class. */
public final class AtenOps {
    private AtenOps() {}

    public static void registerAll(OpRegistry r) {
        IntOps.register(r);
        ElementwiseOps.register(r);
        ReductionOps.register(r);
        ShapeOps.register(r);
        IndexingOps.register(r);
        FactoryOps.register(r);
        LinalgOps.register(r);
        ConvPoolOps.register(r);
        NormOps.register(r);
        RnnOps.register(r);
        NnMiscOps.register(r);
    }
}
