package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.ir.passes.PassManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX-dialect passes the exporter runs after lowering, deterministic and in this order to a fixed point:
 * shape inference (so that folding sees which shapes are static), Conv + BatchNormalization folding,
 * MatMul + Add to Gemm, constant folding, from opset 23 a key/value cache moved into Attention
 * ({@link AttentionKvCache}), {@link OnnxCleanup} (Identity, dead nodes, unused initializers) and,
 * when initializers are not graph inputs, Constant nodes to initializers. A last shape inference gives the
 * types the writer emits as value_info.
 */
public final class OnnxPasses {
    private OnnxPasses() {}

    /**
     * @param opset                the target opset
     * @param constantFolding      do_constant_folding (effective): folding, Conv+BN and Gemm fusion need it,
     *                             since they compute new initializers from the parameters
     * @param initializersAreInputs true when initializers are listed as graph inputs (overridable at run time)
     */
    public record Options(int opset, boolean constantFolding, boolean initializersAreInputs) {}

    /** The pass list for {@code o} (the fixed-point loop, then the final shape inference). */
    public static List<GraphPass> forExport(Options o) {
        List<GraphPass> loop = new ArrayList<>();
        loop.add(new ShapeInference());
        if (o.constantFolding()) {
            loop.add(new ConvBatchNormFolding());
            loop.add(new MatMulAddToGemm());
            loop.add(new OnnxConstantFolding(o.opset()));
        }
        if (o.opset() >= 23) loop.add(new AttentionKvCache());
        loop.add(cleanup());
        if (!o.initializersAreInputs()) loop.add(new ConstantNodesToInitializers());
        return List.of(new PassManager(loop), new ShapeInference());
    }

    /** Runs {@link #forExport} on {@code g}; returns true when the graph changed. */
    public static boolean run(Graph g, Options o) {
        boolean changed = false;
        for (GraphPass p : forExport(o)) changed |= p.run(g);
        return changed;
    }

    private static GraphPass cleanup() {
        return new GraphPass() {
            @Override public String name() { return "onnx-cleanup"; }
            @Override public boolean run(Graph g) { return OnnxCleanup.run(g) > 0; }
        };
    }
}
