package dev.onnxport.ir;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one text form of a graph, used in logs, error messages and golden-file tests. It is
 * deterministic: unnamed values are numbered in order of definition, attributes are sorted, and
 * nothing depends on object identity or hash order.
 *
 * <pre>
 * graph mlp(%x : Float(2, 784)) {
 *   %fc1.weight : Float(256, 784) = initializer
 *   %0 : Float(2, 256) = aten::linear(%x, %fc1.weight, %fc1.bias)  # fc1 (Linear), MLP.java:14
 *   return (%4)
 * }
 * </pre>
 */
public final class GraphPrinter {
    private final Map<Value, String> names = new IdentityHashMap<>();
    private final StringBuilder out = new StringBuilder();
    private final boolean withSource;
    private int next;

    private GraphPrinter(boolean withSource) { this.withSource = withSource; }

    /** Prints with scopes and source lines. */
    public static String print(Graph g) { return print(g, true); }

    /** Prints; {@code withSource} false leaves out the Java source lines (scopes stay). */
    public static String print(Graph g, boolean withSource) {
        GraphPrinter p = new GraphPrinter(withSource);
        p.graph(g);
        return p.out.toString();
    }

    private void graph(Graph g) {
        out.append("graph ").append(g.name()).append('(');
        List<Value> ins = g.inputs();
        for (int i = 0; i < ins.size(); i++) {
            if (i > 0) out.append(", ");
            out.append(decl(ins.get(i)));
        }
        out.append(") {\n");
        for (Value init : g.initializers().values()) {
            out.append("  ").append(decl(init)).append(" = initializer\n");
        }
        block(g.body(), "  ");
        out.append("  return (").append(refs(g.outputs())).append(")\n}\n");
    }

    private void block(Block b, String indent) {
        for (Node n : b.nodes()) {
            out.append(indent);
            List<Value> outs = n.outputs();
            for (int i = 0; i < outs.size(); i++) {
                if (i > 0) out.append(", ");
                out.append(decl(outs.get(i)));
            }
            if (!outs.isEmpty()) out.append(" = ");
            out.append(n.kind());
            if (!n.overload().isEmpty()) out.append('.').append(n.overload());
            if (!n.attributes().isEmpty()) {
                out.append('[');
                boolean first = true;
                for (Map.Entry<String, Object> a : n.attributes().entrySet()) {
                    if (!first) out.append(", ");
                    first = false;
                    out.append(a.getKey()).append('=').append(literal(a.getValue()));
                }
                out.append(']');
            }
            out.append('(').append(refs(n.inputs())).append(')');
            String where = where(n);
            if (!where.isEmpty()) out.append("  # ").append(where);
            out.append('\n');
            for (int i = 0; i < n.blocks().size(); i++) {
                Block nb = n.blocks().get(i);
                out.append(indent).append("  block").append(i).append('(').append(declList(nb.inputs())).append("):\n");
                block(nb, indent + "    ");
                out.append(indent).append("    -> (").append(refs(nb.outputs())).append(")\n");
            }
        }
    }

    private String where(Node n) {
        StringBuilder sb = new StringBuilder();
        if (!n.scope().isRoot()) {
            sb.append(n.scope().name());
            if (!n.scope().moduleClass().isEmpty()) {
                // the root model's scope has an empty name: print just "(Net)"
                sb.append(sb.length() > 0 ? " (" : "(").append(n.scope().moduleClass()).append(')');
            }
        }
        if (withSource && n.source() != null) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(n.source());
        }
        return sb.toString();
    }

    private String declList(List<Value> vs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(decl(vs.get(i)));
        }
        return sb.toString();
    }

    private String decl(Value v) { return name(v) + " : " + v.type(); }

    private String refs(List<Value> vs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) sb.append(", ");
            if (vs.get(i) != null) sb.append(name(vs.get(i))); // null: an omitted optional ONNX input, printed empty
        }
        return sb.toString();
    }

    private String name(Value v) {
        return names.computeIfAbsent(v, k -> "%" + (k.name() != null ? k.name() : Integer.toString(next++)));
    }

    /** Deterministic literal text for an attribute value. */
    public static String literal(Object v) {
        if (v == null) return "None";
        if (v instanceof String s) return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (v instanceof long[] a) return java.util.Arrays.toString(a);
        if (v instanceof double[] a) return java.util.Arrays.toString(a);
        if (v instanceof Object[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(literal(a[i]));
            return sb.append(']').toString();
        }
        if (v instanceof DType d) return d.torchName();
        if (v instanceof Tensor t) return tensorLiteral(t);
        return String.valueOf(v);
    }

    private static String tensorLiteral(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor<").append(t).append('>');
        if (!t.isMeta() && t.numel() <= 8) {
            sb.append('{');
            for (long i = 0; i < t.numel(); i++) {
                if (i > 0) sb.append(", ");
                if (t.dtype().isFloatingPoint()) sb.append(t.getDoubleFlat(i));
                else sb.append(t.getLongFlat(i));
            }
            sb.append('}');
        }
        return sb.toString();
    }
}
