package dev.onnxport.onnx.shapes;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one type and shape engine of the ONNX back end: the dtype and dims of each output of a default-domain
 * ONNX node from the types of its inputs, its attributes and its constant inputs, by the per-op rules of
 * {@link OpRules}. The lowering types every node it builds with it, and the {@code ShapeInference} pass of
 * {@code dev.onnxport.onnx.passes} retypes the graph with it after the passes.
 *
 * <p>Named dims flow through: an output dim that follows from a named input dim (broadcasting, MatMul, Gather,
 * Concat, Reshape to a computed shape, ...) carries that name. For that the engine follows the content of small
 * shape tensors, node by node: {@code Shape} of a value gives its dims, {@code Size} their product, and Gather,
 * Slice, Concat, Unsqueeze, Squeeze, Reshape, Identity, Cast, Add, Sub, Mul, Div, Ceil, Floor and Round of such
 * values are evaluated on dims, so {@code Reshape(x, Concat(Shape(x)[0:2], [4], Shape(x)[2:3] / 4))} gives
 * {@code [batch, seq, 4, 16]}, and {@code Range(0, Shape(x)[1], 1)} gives {@code [seq]}.
 *
 * <p>One engine serves one pass over a graph, nodes in order (a producer before its users); it is not
 * thread-safe. A rule that does not fit a node (a malformed node, an input of unknown rank) leaves the dims
 * unknown instead of failing.
 */
public final class ShapeEngine {
    /**
     * What the engine knows of one output.
     *
     * @param dtype its dtype, or null when the rule cannot tell
     * @param dims  its dims, or null when not even its rank is known
     */
    public record Output(DType dtype, List<Dim> dims) {}

    private final Map<Value, List<Dim>> contents = new IdentityHashMap<>();

    /**
     * The outputs of {@code n}, whose inputs are typed, attributes set and outputs added (their own types are
     * not read). Records the content of its output when it is a followed shape tensor. A default-domain op without
     * a rule gets the dtype of input 0 and unknown dims; an op of another domain, nothing.
     */
    public List<Output> infer(Node n) {
        int count = n.outputs().size();
        List<Output> out = new ArrayList<>(count);
        String op = n.kind().startsWith("onnx::") ? n.kind().substring(6) : null;
        if (op == null) {   // another domain: its own semantics, nothing known
            for (int i = 0; i < count; i++) out.add(new Output(null, null));
            return out;
        }
        OpRules.Rule rule = OpRules.get(op);
        if (rule == null) rule = OpRules.UNKNOWN_OP;
        OpNode node = new OpNode(n, op, count, this);
        List<List<Dim>> shapes;
        try {
            shapes = rule.shapes() == null ? null : rule.shapes().apply(node);
        } catch (RuntimeException e) {
            shapes = null;   // a rule that does not fit this node leaves its dims unknown
        }
        for (int i = 0; i < count; i++) {
            DType d;
            try {
                d = rule.dtypes() == null ? node.dtype(0) : rule.dtypes().apply(node, i);
            } catch (RuntimeException e) {
                d = null;
            }
            List<Dim> s = shapes == null || i >= shapes.size() || shapes.get(i) == null ? null : List.copyOf(shapes.get(i));
            out.add(new Output(d, s));
        }
        if (rule.values() != null && count > 0) {
            try {
                List<Dim> c = rule.values().apply(node);
                if (c != null) contents.put(n.outputs().get(0), List.copyOf(c));
            } catch (RuntimeException e) {
                // not followed
            }
        }
        return out;
    }

    /**
     * The IR types of the outputs of {@code n} (see {@link #infer}): null where the dtype is unknown, a tensor
     * of unknown shape where the dims are; unknown dims are {@link Type#UNKNOWN_DIM}.
     */
    public Type[] types(Node n) {
        List<Output> out = infer(n);
        Type[] types = new Type[out.size()];
        for (int i = 0; i < types.length; i++) {
            Output o = out.get(i);
            types[i] = o.dtype() == null ? null : o.dims() == null ? Type.tensor(o.dtype()) : type(o.dtype(), o.dims());
        }
        return types;
    }

    /**
     * The elements of a 0-D or 1-D numeric value as dims: what the engine followed (a shape computation), else
     * the constant's values (at most 64; floating-point ones only when all are whole numbers), else null.
     */
    public List<Dim> content(Value v) {
        List<Dim> c = contents.get(v);
        if (c != null) return c;
        Tensor t = constant(v);
        if (t == null || t.dim() > 1 || t.dtype() == DType.BOOL || t.numel() > 64) return null;
        if (!t.dtype().isFloatingPoint()) return statics(t.toLongArray());
        double[] d = t.toDoubleArray();
        long[] whole = new long[d.length];
        for (int k = 0; k < d.length; k++) {
            if (d[k] != Math.rint(d[k]) || Math.abs(d[k]) > (1L << 53)) return null;   // only whole numbers are sizes
            whole[k] = (long) d[k];
        }
        return statics(whole);
    }

    // ---- IR types <-> dims ----------------------------------------------------------------------------

    /** The dims of a tensor type (symbols as named dims, {@link Type#UNKNOWN_DIM} as unknown), or null without a shape. */
    public static List<Dim> dims(Type t) {
        if (t == null || !t.isTensor() || !t.hasShape()) return null;
        long[] s = t.shape();
        List<Dim> out = new ArrayList<>(s.length);
        for (int k = 0; k < s.length; k++) {
            String sym = t.symbol(k);
            out.add(sym == null ? Dim.of(s[k]) : Type.UNKNOWN_DIM.equals(sym) ? Dim.unknown(s[k]) : Dim.named(sym, s[k]));
        }
        return out;
    }

    /** A tensor type of these dims: static sizes, and for dynamic dims their seen size with the name or {@link Type#UNKNOWN_DIM}. */
    public static Type type(DType dtype, List<Dim> dims) {
        long[] sizes = new long[dims.size()];
        for (int k = 0; k < sizes.length; k++) sizes[k] = dims.get(k).size();
        Type t = Type.tensor(dtype, sizes);
        for (int k = 0; k < sizes.length; k++) {
            Dim d = dims.get(k);
            if (d.dynamic()) t = t.withSymbol(k, d.isNamed() ? d.name() : Type.UNKNOWN_DIM);
        }
        return t;
    }

    /** Static dims of these sizes. */
    public static List<Dim> statics(long... sizes) {
        List<Dim> out = new ArrayList<>(sizes.length);
        for (long s : sizes) out.add(Dim.of(s));
        return out;
    }

    /** The value of an initializer or of a default-domain {@code Constant} node's tensor, else null. */
    static Tensor constant(Value v) {
        if (v == null) return null;
        if (v.isInitializer()) return v.data();
        Node p = v.producer();
        return p != null && p.kind().equals("onnx::Constant") && p.attr("value") instanceof Tensor t ? t : null;
    }
}
