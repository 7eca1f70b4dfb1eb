package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** The process-wide operator registry, holding every built-in aten op (one group per class) and users' ops. */
public final class AtenOps {
    private AtenOps() {}

    private static final OpRegistry REGISTRY = create();

    private static OpRegistry create() {
        OpRegistry r = new OpRegistry();
        registerAll(r);
        return r;
    }

    /** The registry holding the built-in aten ops, registered on first use, and any registered by users. */
    public static OpRegistry registry() { return REGISTRY; }

    private static void registerAll(OpRegistry r) {
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
        EmbeddingDropoutDistanceOps.register(r);
    }
}
