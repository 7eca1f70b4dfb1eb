package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Recomputes the type of every top-level node output from the graph inputs (whose dynamic axes are named),
 * constants and initializers, so that value_info states only what holds for every input size: a dim is
 * static, a named symbol, or unknown ({@link Type#UNKNOWN_DIM}). The rank and dtype come from the traced type
 * where a rule does not apply (and the traced shape itself when no graph input has a dynamic axis, as then
 * every traced size is exact); a static dim the rules compute is kept only when it equals the traced size.
 * Small int64 shape tensors (Shape, Gather, Concat, Unsqueeze of them) are followed by value, so Reshape,
 * Expand and ConstantOfShape of a computed shape keep their symbols. See {@link ShapeRules}.
 */
public final class ShapeInference implements GraphPass {
    @Override public String name() { return "onnx-shape-inference"; }

    @Override
    public boolean run(Graph g) {
        ShapeRules rules = new ShapeRules(new IdentityHashMap<>());
        boolean exact = !hasSymbols(g);
        boolean changed = false;
        for (Node n : g.nodes()) {
            List<List<Dim>> inferred;
            try {
                inferred = rules.infer(n);
            } catch (RuntimeException e) {
                inferred = null;   // a rule that does not fit this node leaves its dims unknown
            }
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.outputs().get(i);
                List<Dim> dims = inferred == null || i >= inferred.size() ? null : inferred.get(i);
                if (dims == null && exact) continue;   // no dynamic input: the traced shape holds for every run
                Type t = merge(v.type(), dims, rules.dtype(n, i));
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
        long[] sizes = new long[dims.size()];
        long[] seen = tracedShape ? traced.shape() : null;
        String[] syms = new String[dims.size()];
        for (int k = 0; k < sizes.length; k++) {
            Dim x = dims.get(k);
            sizes[k] = seen != null ? seen[k] : x.isStatic() ? x.size() : 0;
            if (x.isStatic() && seen != null && x.size() != seen[k]) x = Dim.UNKNOWN;   // a rule was wrong: never guess
            syms[k] = x.symbol();
        }
        Type t = Type.tensor(d, sizes);
        for (int k = 0; k < syms.length; k++) if (syms[k] != null) t = t.withSymbol(k, syms[k]);
        return t;
    }

    /** The dims of a value's current type, or null when its shape is unknown. */
    static List<Dim> dims(Value v) {
        if (v == null || v.type() == null || !v.type().isTensor() || !v.type().hasShape()) return null;
        Type t = v.type();
        long[] s = t.shape();
        List<Dim> out = new ArrayList<>();
        for (int k = 0; k < s.length; k++) {
            String sym = t.symbol(k);
            out.add(sym == null ? Dim.of(s[k]) : Type.UNKNOWN_DIM.equals(sym) ? Dim.UNKNOWN : new Dim(s[k], sym));
        }
        return out;
    }

    static List<Dim> statics(long... s) {
        List<Dim> out = new ArrayList<>();
        for (long d : s) out.add(Dim.of(d));
        return out;
    }
}
