package dev.onnxport.export;

import dev.onnxport.ir.passes.CommonSubexpressionElimination;
import dev.onnxport.ir.passes.DeadCodeElimination;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.ir.passes.InitializerDeduplication;
import dev.onnxport.ir.passes.PassManager;
import dev.onnxport.ir.passes.Passes;
import java.util.List;

/** The core graph passes the exporter runs on the traced aten graph before lowering. */
public final class CorePasses {
    private CorePasses() {}

    /**
     * {@link Passes#core()} (dead code, constant folding of parameter-only computations, CSE, initializer
     * dedup) to a fixed point; without folding when {@code constantFolding} (do_constant_folding) is off.
     */
    public static List<GraphPass> forExport(boolean constantFolding) {
        if (constantFolding) return List.of(Passes.core());
        return List.of(new PassManager(List.of(new DeadCodeElimination(), new CommonSubexpressionElimination(),
                new InitializerDeduplication())));
    }
}
