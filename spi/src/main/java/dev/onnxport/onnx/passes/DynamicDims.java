package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the dims of traced (aten) values that depend on the dynamic axes of the inputs, so that the lowering
 * computes them in the graph instead of baking the traced sizes. The model is traced a second time, shapes
 * only, with every dynamic input axis one larger ({@code k+1} for the k-th axis name); a dim whose size differs
 * between the two traces is dynamic. It takes the input axis's name when exactly that axis matches it in both
 * traces, else it is unknown ({@link Type#UNKNOWN_DIM}). When that trace fails, it is tried once more with every
 * dynamic axis doubled, which keeps sizes that must add up (total = past + new of a key/value cache). When the
 * second trace fails or records different ops (size-dependent control flow), nothing is marked and a warning is logged.
 */
public final class DynamicDims {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicDims.class);

    private DynamicDims() {}

    /** Marks dims of {@code g} (traced from {@code model} on {@code args}; inputs already carry their symbols). */
    public static void mark(Graph g, Module model, Tensor[] args, TraceOptions options) {
        Tensor[] other = resized(g, args, false);
        if (other == null) return;
        Graph g2;
        try {
            g2 = Tracer.trace(model, options.withShapeOnly(true), other);
        } catch (RuntimeException first) {
            // Axes that must add up (a key/value cache: total = past + new) break when each grows by its own step;
            // doubling every axis keeps every such sum, so the second trace is tried that way.
            other = resized(g, args, true);
            try {
                g2 = Tracer.trace(model, options.withShapeOnly(true), other);
            } catch (RuntimeException second) {
                LOG.warn("dynamic axes: the model does not trace with other sizes ({}); traced sizes are kept", first.getMessage());
                return;
            }
        }
        List<Node> a = g.allNodes(), b = g2.allNodes();
        if (a.size() != b.size()) {
            LOG.warn("dynamic axes: the model records different ops at other sizes; traced sizes are kept");
            return;
        }
        for (int k = 0; k < a.size(); k++) {
            if (!a.get(k).kind().equals(b.get(k).kind()) || a.get(k).outputs().size() != b.get(k).outputs().size()) {
                LOG.warn("dynamic axes: the model records different ops at other sizes; traced sizes are kept");
                return;
            }
        }
        for (int k = 0; k < a.size(); k++) {
            for (int o = 0; o < a.get(k).outputs().size(); o++) mark(a.get(k).outputs().get(o), b.get(k).outputs().get(o), g, other);
            // the inputs of control-flow bodies (loop-carried values, scan slices) are values too
            for (int bi = 0; bi < a.get(k).blocks().size() && bi < b.get(k).blocks().size(); bi++) {
                List<Value> ia = a.get(k).blocks().get(bi).inputs(), ib = b.get(k).blocks().get(bi).inputs();
                for (int i = 0; i < ia.size() && i < ib.size(); i++) mark(ia.get(i), ib.get(i), g, other);
            }
        }
    }

    /**
     * The example inputs as meta tensors with every dynamic axis resized: the k-th axis name one step of k+1 larger
     * (axes of equal size then differ), or, with {@code doubled}, twice its size; null when no axis is dynamic.
     */
    private static Tensor[] resized(Graph g, Tensor[] args, boolean doubled) {
        List<String> names = new ArrayList<>();
        Tensor[] other = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) {
            Type t = g.inputs().get(i).type();
            long[] shape = args[i].shape();
            for (int d = 0; d < shape.length; d++) {
                String s = t.symbol(d);
                if (s == null) continue;
                if (!names.contains(s)) names.add(s);
                shape[d] = doubled ? 2 * shape[d] : shape[d] + names.indexOf(s) + 1;
            }
            other[i] = Tensor.meta(args[i].dtype(), shape);
        }
        return names.isEmpty() ? null : other;
    }

    private static void mark(Value v, Value w, Graph g, Tensor[] other) {
        Type t = v.type(), u = w.type();
        if (t == null || u == null || !t.isTensor() || !u.isTensor() || !t.hasShape() || !u.hasShape() || t.rank() != u.rank()) return;
        long[] s1 = t.shape(), s2 = u.shape();
        for (int d = 0; d < s1.length; d++) {
            if (s1[d] == s2[d] || t.symbol(d) != null) continue;
            t = t.withSymbol(d, nameOf(s1[d], s2[d], g, other));
        }
        v.setType(t);
    }

    /** The input axis name whose sizes are exactly these in both traces, when only one matches. */
    private static String nameOf(long size1, long size2, Graph g, Tensor[] other) {
        String found = null;
        for (int i = 0; i < other.length; i++) {
            Type t = g.inputs().get(i).type();
            long[] s1 = t.shape(), s2 = other[i].shape();
            for (int d = 0; d < s1.length; d++) {
                String s = t.symbol(d);
                if (s == null || s1[d] != size1 || s2[d] != size2) continue;
                if (found != null && !found.equals(s)) return Type.UNKNOWN_DIM;
                found = s;
            }
        }
        return found != null ? found : Type.UNKNOWN_DIM;
    }
}
