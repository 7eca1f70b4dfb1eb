package dev.onnxport.onnx.aten;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finishes the ONNX dialect after the ATen rewrite: removes the {@code prim::Constant} and
 * {@code prim::ListConstruct} nodes nothing uses any more (their values went into attributes or became
 * omitted inputs), and turns tensor constants still used into {@code onnx::Constant} nodes.
 */
final class PrimCleanup {
    private PrimCleanup() {}

    static void run(Graph g) {
        Map<Value, Integer> uses = new IdentityHashMap<>();
        count(g.body(), uses);
        removeUnused(g.body(), uses);
        rewriteTensorConstants(g.body());
    }

    private static void count(Block b, Map<Value, Integer> uses) {
        for (Node n : b.nodes()) {
            for (Value v : n.inputs()) if (v != null) uses.merge(v, 1, Integer::sum);
            for (Block nb : n.blocks()) count(nb, uses);
        }
        for (Value v : b.outputs()) uses.merge(v, 1, Integer::sum);
    }

    /** Walks backwards so a list is removed before the constants it held. */
    private static void removeUnused(Block b, Map<Value, Integer> uses) {
        List<Node> nodes = new ArrayList<>(b.nodes());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            for (Block nb : n.blocks()) removeUnused(nb, uses);
            boolean prim = n.isConstant() || n.kind().equals(Node.LIST_CONSTRUCT);
            if (!prim || n.outputs().stream().anyMatch(v -> uses.getOrDefault(v, 0) > 0)) continue;
            for (Value in : n.inputs()) if (in != null) uses.merge(in, -1, Integer::sum);
            b.remove(n);
        }
    }

    private static void rewriteTensorConstants(Block b) {
        for (Node n : new ArrayList<>(b.nodes())) {
            for (Block nb : n.blocks()) rewriteTensorConstants(nb);
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
