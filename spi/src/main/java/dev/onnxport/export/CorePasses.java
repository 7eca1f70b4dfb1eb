package dev.onnxport.export;

import dev.onnxport.ir.passes.GraphPass;
import java.util.List;

/**
 * The core graph passes run on the traced aten graph before lowering (dead code, constant folding on
 * parameters, CSE, initializer dedup). This is the hook the IR-passes work fills in: the export facade
 * runs exactly the list returned here, in order. Empty until those passes are merged.
 */
public final class CorePasses {
    private CorePasses() {}

    /** The passes for an export; {@code constantFolding} is the effective do_constant_folding option. */
    public static List<GraphPass> forExport(boolean constantFolding) {
        return List.of();
    }
}
