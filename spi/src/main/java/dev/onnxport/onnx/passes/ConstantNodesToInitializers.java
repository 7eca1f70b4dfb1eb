package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;

/**
 * Turns top-level {@code Constant} nodes into initializers (same value, the constant's name when free): the
 * runtime treats both alike, and the graph has fewer nodes. Run only when initializers are not graph inputs,
 * since an initializer listed as an input may be overridden at run time and would stop being a constant.
 */
public final class ConstantNodesToInitializers implements GraphPass {
    @Override public String name() { return "onnx-constants-to-initializers"; }

    @Override
    public boolean run(Graph g) {
        boolean changed = false;
        for (Node n : new ArrayList<>(g.nodes())) {
            if (!OnnxGraphs.is(n, "Constant") || !(n.attr("value") instanceof Tensor t) || n.attributes().size() != 1) continue;
            if (g.outputs().contains(n.output())) continue;   // an output must stay a node's result
            String base = n.output().name() != null ? n.output().name() : "_const";
            g.body().replaceAllUses(n.output(), OnnxGraphs.addInitializer(g, base, t.contiguous()));
            g.body().remove(n);
            changed = true;
        }
        return changed;
    }
}
