package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.onnx.shapes.Dim;
import dev.onnxport.onnx.shapes.ShapeEngine;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the type of every top-level node output with the {@link ShapeEngine}, from the graph inputs (whose
 * dynamic axes are named), constants and initializers, so that value_info states only what holds for every input
 * size: a dim is static, a named symbol, or unknown ({@link Type#UNKNOWN_DIM}). The rank and dtype come from the
 * traced type where a rule does not apply (and the traced shape itself when no graph input has a dynamic axis, as
 * then every traced size is exact); a static dim the engine computes is kept only when it equals the traced size
 * (or the traced dim was dynamic without a known size).
 */
public final class ShapeInference implements GraphPass {
    @Override public String name() { return "onnx-shape-inference"; }

    @Override
    public boolean run(Graph g) {
        ShapeEngine engine = new ShapeEngine();
        boolean exact = !hasSymbols(g);
        boolean changed = false;
        for (Node n : g.nodes()) {
            List<ShapeEngine.Output> inferred = engine.infer(n);
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.outputs().get(i);
                List<Dim> dims = inferred.get(i).dims();
                if (dims == null && exact) continue;   // no dynamic input: the traced shape holds for every run
                Type t = merge(v.type(), dims, inferred.get(i).dtype());
                if (t != null && !t.equals(v.type())) {
                    v.setType(t);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static boolean hasSymbols(Graph g) {
        for (Value v : g.inputs()) {
            Type t = v.type();
            if (t == null || !t.isTensor() || !t.hasShape()) continue;
            for (int k = 0; k < t.rank(); k++) if (t.symbol(k) != null) return true;
        }
        return false;
    }

    /** The inferred dims checked against the traced type; unknown dims where they disagree or are missing. */
    private static Type merge(Type traced, List<Dim> dims, DType ruleDtype) {
        boolean tracedTensor = traced != null && traced.isTensor();
        if (traced != null && !tracedTensor) return traced;
        DType d = tracedTensor && traced.dtype() != null ? traced.dtype() : ruleDtype;
        if (d == null) return traced;
        boolean tracedShape = tracedTensor && traced.hasShape();
        if (dims == null || tracedShape && dims.size() != traced.rank()) {
            if (!tracedShape) return Type.tensor(d);
            dims = new ArrayList<>();
            for (int k = 0; k < traced.rank(); k++) dims.add(Dim.UNKNOWN);
        }
        long[] seen = tracedShape ? traced.shape() : null;
        List<Dim> out = new ArrayList<>(dims.size());
        for (int k = 0; k < dims.size(); k++) {
            Dim x = dims.get(k);
            if (seen == null) {
                out.add(x.dynamic() && x.size() < 0 ? Dim.unknown(0) : x);
                continue;
            }
            boolean unchecked = traced.symbol(k) != null && seen[k] < 0;   // dynamic, its size not even seen
            if (x.isStatic() && x.size() != seen[k] && !unchecked) x = Dim.UNKNOWN;   // a rule was wrong: never guess
            out.add(x.isStatic() ? x : x.isNamed() ? Dim.named(x.name(), seen[k]) : Dim.unknown(seen[k]));
        }
        return ShapeEngine.type(d, out);
    }
}
