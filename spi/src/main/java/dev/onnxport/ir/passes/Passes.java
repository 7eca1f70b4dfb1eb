package dev.onnxport.ir.passes;

import java.util.List;

/** The standard pass pipelines. */
public final class Passes {
    private Passes() {}

    /**
     * The core passes run on every traced graph, in this order to a fixed point: dead code, constant
     * folding of parameter-only computations, common subexpressions, duplicate initializers.
     */
    public static PassManager core() { return core(ConstantFolding.DEFAULT_MAX_OUTPUT_BYTES); }

    /** {@link #core()} with a limit on the bytes of one folded node's outputs. */
    public static PassManager core(long maxFoldedBytes) {
        return new PassManager(List.of(new DeadCodeElimination(), new ConstantFolding(maxFoldedBytes),
                new CommonSubexpressionElimination(), new InitializerDeduplication()));
    }
}
