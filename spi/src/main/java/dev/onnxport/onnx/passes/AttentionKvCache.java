package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import java.util.ArrayList;

/**
 * Moves a decoder's key/value cache into {@code Attention} (opset 23 and later): an
 * {@code Attention(Q, Concat(past_key, K), Concat(past_value, V)[, mask])} whose two Concats join two rank-4
 * tensors on the sequence axis (2) becomes {@code Attention(Q, K, V, mask, past_key, past_value)}, and its
 * {@code present_key} and {@code present_value} outputs replace the Concats' results wherever they were read (the
 * cache the model returns keeps its output names). ONNX defines the presents as exactly those concatenations, and
 * the mask already spans past and new keys, so the graph computes the same values with two nodes fewer per layer.
 *
 * <p>Left alone: an Attention that already has a cache or extra outputs, a causal one ({@code is_causal} aligns
 * differently once the cache is inside), one whose key and value come from the same Concat, and one that depends on
 * the concatenations through another path (e.g. a mask expanded to their length), which would make a cycle.
 */
public final class AttentionKvCache implements GraphPass {
    @Override public String name() { return "onnx-attention-kv-cache"; }

    @Override
    public boolean run(Graph g) {
        boolean changed = false;
        for (Node n : new ArrayList<>(g.nodes())) {
            if (OnnxGraphs.is(n, "Attention")) changed |= fuse(g, n);
        }
        return changed;
    }

    private static boolean fuse(Graph g, Node att) {
        if (att.inputs().size() < 3 || att.inputs().size() > 4 || att.outputs().size() != 1) return false;
        Object causal = att.attr("is_causal");
        if (causal instanceof Number c && c.longValue() != 0) return false;
        Node ck = att.input(1).producer(), cv = att.input(2).producer();
        if (ck == cv || !sequenceConcat(ck) || !sequenceConcat(cv)) return false;
        // The presents come out of the Attention: nothing it depends on may read the concatenations (a mask expanded
        // to the keys' length reads their shape), or the graph would have a cycle.
        for (Node n : g.nodes()) {
            if (n == att) break;
            if (reads(n, ck.output()) || reads(n, cv.output())) return false;
        }

        Node fused = g.body().insertBefore(att, att.kind(), null);
        fused.setScope(att.scope()).setSource(att.source());
        att.attributes().forEach(fused::setAttr);
        fused.addInput(att.input(0)).addInput(ck.input(1)).addInput(cv.input(1))
                .addInput(att.inputs().size() > 3 ? att.input(3) : null)   // null: the mask, omitted
                .addInput(ck.input(0)).addInput(cv.input(0));
        Value y = renamed(fused.addOutput(att.output().type()), att.output());
        Value presentKey = renamed(fused.addOutput(ck.output().type()), ck.output());
        Value presentValue = renamed(fused.addOutput(cv.output().type()), cv.output());
        g.body().replaceAllUses(att.output(), y);
        g.body().replaceAllUses(ck.output(), presentKey);
        g.body().replaceAllUses(cv.output(), presentValue);
        g.body().remove(att);
        g.body().remove(ck);
        g.body().remove(cv);
        return true;
    }

    /** True when {@code n} or a node in its bodies reads {@code v}. */
    private static boolean reads(Node n, Value v) {
        if (n.inputs().contains(v)) return true;
        for (Block b : n.blocks()) {
            for (Node inner : b.nodes()) if (reads(inner, v)) return true;
        }
        for (Object a : n.attributes().values()) {
            if (a instanceof Graph sub) for (Node inner : sub.nodes()) if (reads(inner, v)) return true;
        }
        return false;
    }

    private static Value renamed(Value v, Value was) {
        if (was.name() != null) v.setName(was.name());
        return v;
    }

    /** A Concat of two rank-4 tensors on axis 2 (or -2): [batch, heads, past, head_size] then [batch, heads, new, head_size]. */
    private static boolean sequenceConcat(Node n) {
        if (!OnnxGraphs.is(n, "Concat") || n.inputs().size() != 2) return false;
        if (!(n.attr("axis") instanceof Number a) || a.longValue() != 2 && a.longValue() != -2) return false;
        for (Value v : n.inputs()) {
            if (v == null || v.type() == null || !v.type().isTensor() || !v.type().hasShape() || v.type().rank() != 4) return false;
        }
        return true;
    }
}
