package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Block;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.passes.ControlFlowNodes;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers the traced control-flow nodes of {@code nn.F} ({@code prim::If}, {@code prim::Loop}, {@code prim::Scan}; block
 * layouts in the javadoc of {@code dev.onnxport.nn.ControlFlow}) to ONNX If, Loop and Scan. Each body is lowered with
 * the same lowering (same symbolic functions, same fallback) in place, then {@link ControlFlowNodes} (the core's one
 * conversion, shared with the other modes) makes the ONNX node with the bodies as graph attributes. A cond on a traced
 * constant predicate is replaced by its branch. Control flow exports from opset 9 (Scan's opset-9 form, bool
 * Constants); lower opsets are refused naming opset 9.
 */
final class ControlFlowLowering {
    private final Lowering lowering;
    private final Node node;

    ControlFlowLowering(Lowering lowering, Node node) {
        this.lowering = lowering;
        this.node = node;
    }

    static boolean handles(Node n) { return ControlFlowNodes.isControlFlow(n); }

    void lower() {
        if (lowering.opset < 9) {
            // Scan takes scan_input_axes from opset 9, and Constant (a body's bool condition) holds bools from opset 9
            throw new SymbolicValueError("ONNX export of " + node + " at opset " + lowering.opset + ": F.cond, F.whileLoop, "
                    + "F.fori and F.scan export from opset 9 on. How to fix: export with opset 9 or later");
        }
        if (node.kind().equals("prim::If") && lowering.opset < 11) sameStaticShapes();
        for (Block b : node.blocks()) lowering.lowerBlock(b);
        if (node.kind().equals("prim::If") && constantPredicate() != null) {
            foldIf(constantPredicate());
            return;
        }
        NodeContext c = new NodeContext(lowering, node);
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) inputs.add(c.input(i));
        Node k = ControlFlowNodes.toOnnx(node, inputs, lowering.shapes);
        SchemaValidator.validate(k, lowering.opset);
    }

    /** If before opset 11 needs branches whose outputs agree on every static dim (ONNX infers and merges them). */
    private void sameStaticShapes() {
        Block t = node.blocks().get(0), e = node.blocks().get(1);
        for (int i = 0; i < t.outputs().size(); i++) {
            dev.onnxport.ir.Type a = t.outputs().get(i).type(), b = e.outputs().get(i).type();
            if (a == null || b == null || !a.isTensor() || !b.isTensor() || !a.hasShape() || !b.hasShape()) continue;
            long[] sa = a.shape(), sb = b.shape();
            for (int d = 0; d < sa.length && d < sb.length; d++) {
                if (a.symbol(d) == null && b.symbol(d) == null && sa[d] != sb[d]) {
                    throw new SymbolicValueError("ONNX export of cond (" + node + ", opset " + lowering.opset + "): output " + i
                            + " has " + a + " in the then branch and " + b + " in the else branch; ONNX If allows branch outputs of "
                            + "different sizes from opset 11 on. How to fix: export with opset 11 or later, or return the same sizes");
                }
            }
        }
    }

    /** The value of a predicate known during export (a traced constant, or folded from parameters), else null. */
    private Boolean constantPredicate() {
        Value v = node.input(0);
        Node p = v.producer();
        Tensor t = v.isInitializer() ? v.data() : p != null && p.isConstant() && p.constantValue() instanceof Tensor c ? c : null;
        if (t == null || t.isMeta() || t.numel() != 1) return null;
        return t.item() != 0;
    }

    /** A cond on a constant predicate: the taken branch's nodes replace the If. */
    private void foldIf(boolean taken) {
        Block b = node.blocks().get(taken ? 0 : 1);
        Block owner = node.owner();
        owner.inlineBefore(node, b);
        for (int i = 0; i < node.outputs().size(); i++) owner.replaceAllUses(node.outputs().get(i), b.outputs().get(i));
        node.clearBlocks();
        owner.remove(node);
    }
}
