package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.shapes.ShapeEngine;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one conversion of traced control-flow nodes ({@code prim::If}, {@code prim::Loop}, {@code prim::Scan}, made by
 * {@code nn.F}; block layouts in the javadoc of {@code nn.ControlFlow}) into ONNX If, Loop and Scan, for every export
 * mode: the mode first lowers the nodes inside the blocks by its own rules, then calls {@link #toOnnx}. Each block
 * becomes a graph attribute ({@code then_branch}/{@code else_branch}, {@code body}) that keeps reading outer values by
 * reference; a body output the body does not compute itself (one of its inputs, an outer value, a repeated output, a
 * traced tensor constant) gets an Identity or a Constant, since ONNX Runtime wants subgraph outputs made inside the
 * subgraph. A Loop body gets the {@code cond_in} input ONNX requires; a Scan's axis becomes
 * {@code scan_input_axes}/{@code scan_output_axes}.
 */
public final class ControlFlowNodes {
    private ControlFlowNodes() {}

    public static final String IF = "prim::If", LOOP = "prim::Loop", SCAN = "prim::Scan";

    public static boolean isControlFlow(Node n) {
        return n.kind().equals(IF) || n.kind().equals(LOOP) || n.kind().equals(SCAN);
    }

    /** {@link #toOnnx(Node, List, ShapeEngine)} typed by a new engine. */
    public static Node toOnnx(Node n, List<Value> inputs) { return toOnnx(n, inputs, new ShapeEngine()); }

    /**
     * Replaces {@code n}, whose blocks hold ONNX nodes already, by the ONNX node reading {@code inputs} (its inputs in
     * ONNX form); its outputs are typed by {@code shapes} (else keep the traced types) and replace n's everywhere.
     */
    public static Node toOnnx(Node n, List<Value> inputs, ShapeEngine shapes) {
        String opType = n.kind().substring("prim::".length());
        Node k = n.owner().insertBefore(n, "onnx::" + opType, null);
        k.setScope(n.scope()).setSource(n.source());
        for (Value v : inputs) k.addInput(v);
        List<Block> blocks = n.blocks();
        switch (opType) {
            case "If" -> {
                Graph t = body("then_branch", blocks.get(0), n), e = body("else_branch", blocks.get(1), n);
                // If before opset 11 wants the branches' declared output shapes to agree: dims they differ in are unknown
                for (int i = 0; i < t.outputs().size() && i < e.outputs().size(); i++) {
                    Type m = merged(t.outputs().get(i).type(), e.outputs().get(i).type());
                    if (m == null) continue;
                    t.outputs().get(i).setType(m);
                    e.outputs().get(i).setType(m);
                }
                k.setAttr("then_branch", t);
                k.setAttr("else_branch", e);
            }
            case "Loop" -> {
                Block b = blocks.get(0);
                b.insertInput(1, Type.tensor(DType.BOOL, new long[0]));   // cond_in, unused: the body computes cond_out
                k.setAttr("body", body("loop_body", b, n));
            }
            default -> {
                long axis = (Long) n.attr("axis");
                int scans = (int) (long) (Long) n.attr("num_scan_inputs");
                int ys = blocks.get(0).outputs().size() - (n.inputs().size() - scans);
                k.setAttr("num_scan_inputs", (long) scans);
                if (axis != 0) {
                    long[] in = new long[scans], out = new long[ys];
                    Arrays.fill(in, axis);
                    Arrays.fill(out, axis);
                    k.setAttr("scan_input_axes", in);
                    if (ys > 0) k.setAttr("scan_output_axes", out);
                }
                k.setAttr("body", body("scan_body", blocks.get(0), n));
            }
        }
        n.clearBlocks();
        for (int i = 0; i < n.outputs().size(); i++) k.addOutput(null);
        Type[] types = shapes.types(k);
        for (int i = 0; i < types.length; i++) {
            Value traced = n.outputs().get(i), out = k.outputs().get(i);
            out.setType(types[i] != null ? types[i] : traced.type());
            if (traced.name() != null) out.setName(traced.name());
            n.owner().replaceAllUses(traced, out);
        }
        n.owner().remove(n);
        return k;
    }

    /** The tensor type both {@code a} and {@code b} have, dims they differ in unknown; null when not two shaped tensors of one rank. */
    private static Type merged(Type a, Type b) {
        if (a == null || b == null || !a.isTensor() || !b.isTensor() || !a.hasShape() || !b.hasShape() || a.rank() != b.rank()) return null;
        long[] sa = a.shape(), sb = b.shape();
        Type m = Type.tensor(a.dtype(), sa);
        for (int d = 0; d < sa.length; d++) {
            String s1 = a.symbol(d), s2 = b.symbol(d);
            if (s1 == null && s2 == null && sa[d] == sb[d]) continue;
            m = m.withSymbol(d, s1 != null && s1.equals(s2) ? s1 : Type.UNKNOWN_DIM);
        }
        return m;
    }

    /** The lowered block {@code b} as a graph, every output computed inside it. */
    private static Graph body(String name, Block b, Node at) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < b.outputs().size(); i++) {
            Value v = b.outputs().get(i);
            if (v.producer() != null && v.producer().isConstant() && v.producer().constantValue() instanceof Tensor t) {
                Node kc = b.append("onnx::Constant", null).setScope(at.scope()).setSource(at.source());
                kc.setAttr("value", t.contiguous());
                v = kc.addOutput(Type.tensor(t.dtype(), t.shape()));
                b.setOutput(i, v);
            }
            boolean inside = v.producer() != null && v.producer().owner() == b;
            if (inside && seen.add(v)) continue;
            Node id = b.append(OnnxCleanup.IDENTITY, null).setScope(at.scope()).setSource(at.source());
            id.addInput(v);
            Value copy = id.addOutput(v.type());
            b.setOutput(i, copy);
            seen.add(copy);
        }
        return Graph.fromBlock(name, b);
    }
}
