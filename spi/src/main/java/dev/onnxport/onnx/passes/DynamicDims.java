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
 * traces, else it is unknown ({@link Type#UNKNOWN_DIM}). When the second trace fails or records different ops
 * (size-dependent control flow), nothing is marked and a warning is logged.
 */
public final class DynamicDims {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicDims.class);

    private DynamicDims() {}

    /** Marks dims of {@code g} (traced from {@code model} on {@code args}; inputs already carry their symbols). */
    public static void mark(Graph g, Module model, Tensor[] args, TraceOptions options) {
        List<String> names = new ArrayList<>();
        Tensor[] other = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) {
            Type t = g.inputs().get(i).type();
            long[] shape = args[i].shape();
            for (int d = 0; d < shape.length; d++) {
                String s = t.symbol(d);
                if (s == null) continue;
                if (!names.contains(s)) names.add(s);
                shape[d] += names.indexOf(s) + 1;
            }
            other[i] = Tensor.meta(args[i].dtype(), shape);
        }
        if (names.isEmpty()) return;
        Graph g2;
        try {
            g2 = Tracer.trace(model, options.withShapeOnly(true), other);
        } catch (RuntimeException e) {
            LOG.warn("dynamic axes: the model does not trace with other sizes ({}); traced sizes are kept", e.getMessage());
            return;
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
        }
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
