package dev.onnxport.onnx.aten;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.DeadCodeElimination;
import dev.onnxport.onnx.passes.ControlFlowNodes;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;

/**
 * Finishes the ONNX dialect after the ATen rewrite: removes the {@code prim::Constant} and
 * {@code prim::ListConstruct} nodes nothing uses any more (their values went into attributes or became
 * omitted inputs), turns tensor constants still used into {@code onnx::Constant} nodes, and control-flow nodes
 * (whose bodies it cleans first) into ONNX If, Loop and Scan ({@code ControlFlowNodes}).
 */
final class PrimCleanup {
    private PrimCleanup() {}

    static void run(Graph g) {
        DeadCodeElimination.removeDeadNodes(g, n -> n.isConstant() || n.kind().equals(Node.LIST_CONSTRUCT));
        rewriteTensorConstants(g.body());
    }

    private static void rewriteTensorConstants(Block b) {
        for (Node n : new ArrayList<>(b.nodes())) {
            for (Block nb : n.blocks()) rewriteTensorConstants(nb);
            if (ControlFlowNodes.isControlFlow(n)) {   // bodies rewritten above: the ONNX If, Loop or Scan
                ControlFlowNodes.toOnnx(n, n.inputs());
                continue;
            }
            if (!n.kind().startsWith("prim::")) continue;
            if (!n.isConstant() || !(n.constantValue() instanceof Tensor t)) {
                throw new IllegalStateException(n.kind() + " is still used after the ATen rewrite at " + AtenPreconditions.where(n));
            }
            Node c = b.insertBefore(n, "onnx::Constant", null).setScope(n.scope()).setSource(n.source());
            c.setAttr("value", t);
            Value old = n.output();
            b.replaceAllUses(old, c.addOutput(old.type()).setName(old.name()));
            b.remove(n);
        }
    }
}
