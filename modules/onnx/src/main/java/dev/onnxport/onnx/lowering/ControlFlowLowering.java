package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.SymbolicValueError;
import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Lowers the traced control-flow nodes of {@code nn.F} ({@code prim::If}, {@code prim::Loop}, {@code prim::Scan}; block
 * layouts in the javadoc of {@code dev.onnxport.nn.ControlFlow}) to ONNX If, Loop and Scan. Each body is lowered with
 * the same lowering (same symbolic functions, same fallback) in place, then becomes a graph attribute: {@code
 * then_branch}/{@code else_branch} or {@code body}. Bodies keep reading outer values by reference (ONNX outer-scope
 * names). A body output that the body does not compute itself (one of its inputs, an outer value, a repeated output)
 * gets an Identity, as ONNX Runtime wants subgraph outputs made inside the subgraph. A Loop body gets the extra
 * {@code cond_in} input ONNX requires; a Scan's axis becomes {@code scan_input_axes}/{@code scan_output_axes}.
 * If and Loop exist at every supported opset; Scan in its opset-9 form is used from opset 9.
 */
final class ControlFlowLowering {
    private final Lowering lowering;
    private final Node node;

    ControlFlowLowering(Lowering lowering, Node node) {
        this.lowering = lowering;
        this.node = node;
    }

    static boolean handles(Node n) {
        return n.kind().equals("prim::If") || n.kind().equals("prim::Loop") || n.kind().equals("prim::Scan");
    }

    void lower() {
        if (node.kind().equals("prim::Scan") && lowering.opset < 9) {
            throw new SymbolicValueError("ONNX export of scan (" + node + ", opset " + lowering.opset + "): ONNX Scan takes "
                    + "scan_input_axes from opset 9 on. How to fix: export with opset 9 or later");
        }
        for (Block b : node.blocks()) lowering.lowerBlock(b);
        if (node.kind().equals("prim::If") && constantPredicate() != null) {
            foldIf(constantPredicate());
            return;
        }
        NodeContext c = new NodeContext(lowering, node);
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) inputs.add(c.input(i));
        String opType = node.kind().substring("prim::".length());
        Node k = node.owner().insertBefore(node, "onnx::" + opType, null);
        k.setScope(node.scope()).setSource(node.source());
        for (Value v : inputs) k.addInput(v);
        List<Block> blocks = new ArrayList<>(node.blocks());
        switch (opType) {
            case "If" -> {
                k.setAttr("then_branch", body("then_branch", blocks.get(0)));
                k.setAttr("else_branch", body("else_branch", blocks.get(1)));
            }
            case "Loop" -> {
                Block b = blocks.get(0);
                b.insertInput(1, Type.tensor(DType.BOOL, new long[0]));   // cond_in, unused: the body computes cond_out
                k.setAttr("body", body("loop_body", b));
            }
            default -> {
                long axis = (Long) node.attr("axis");
                int scans = (int) (long) (Long) node.attr("num_scan_inputs");
                int ys = blocks.get(0).outputs().size() - (node.inputs().size() - scans);
                k.setAttr("num_scan_inputs", (long) scans);
                if (axis != 0) {
                    long[] in = new long[scans], out = new long[ys];
                    java.util.Arrays.fill(in, axis);
                    java.util.Arrays.fill(out, axis);
                    k.setAttr("scan_input_axes", in);
                    if (ys > 0) k.setAttr("scan_output_axes", out);
                }
                k.setAttr("body", body("scan_body", blocks.get(0)));
            }
        }
        node.clearBlocks();
        for (int i = 0; i < node.outputs().size(); i++) k.addOutput(null);
        Type[] types = lowering.shapes.types(k);
        for (int i = 0; i < types.length; i++) {
            Value aten = node.outputs().get(i), out = k.outputs().get(i);
            out.setType(types[i] != null ? types[i] : aten.type());
            if (aten.name() != null) out.setName(aten.name());
            node.owner().replaceAllUses(aten, out);
        }
        SchemaValidator.validate(k, lowering.opset);
        node.owner().remove(node);
    }

    /** The value of a predicate known during export (a traced constant), else null. */
    private Boolean constantPredicate() {
        Node p = node.input(0).producer();
        if (p == null || !p.isConstant() || !(p.constantValue() instanceof Tensor t) || t.isMeta() || t.numel() != 1) return null;
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

    /** The lowered block {@code b} as a graph, every output computed inside it. */
    private Graph body(String name, Block b) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < b.outputs().size(); i++) {
            Value v = b.outputs().get(i);
            if (v.producer() != null && v.producer().isConstant() && v.producer().constantValue() instanceof Tensor t) {
                Node kc = b.append("onnx::Constant", null).setScope(node.scope()).setSource(node.source());
                kc.setAttr("value", t.contiguous());
                v = kc.addOutput(Type.tensor(t.dtype(), t.shape()));
                b.setOutput(i, v);
            }
            boolean inside = v.producer() != null && v.producer().owner() == b;
            if (inside && seen.add(v)) continue;
            Node id = b.append("onnx::Identity", null).setScope(node.scope()).setSource(node.source());
            id.addInput(v);
            Value copy = id.addOutput(v.type());
            b.setOutput(i, copy);
            seen.add(copy);
        }
        return Graph.fromBlock(name, b);
    }
}
