package dev.onnxport.onnx.aten;

import dev.onnxport.export.SymbolicValueError;
import dev.onnxport.export.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.ArgType;
import dev.onnxport.ops.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a traced graph before anything is rewritten, so a failing export leaves the graph as it was and
 * reports every fault at once: ops ONNX_ATEN cannot express, then ints computed from shapes at run time.
 */
final class AtenPreconditions {
    private AtenPreconditions() {}

    static boolean isAten(Node n) { return n.op() != null && n.op().schema().namespace().equals("aten"); }

    /** True for ops whose results are ints rather than tensors ({@code aten::size.int}, {@code aten::mul.int}). */
    static boolean isIntOp(Node n) {
        List<Schema.Return> rets = n.op().schema().returns();
        return !rets.isEmpty() && rets.stream().allMatch(r -> r.type().isIntLike() && !r.type().list());
    }

    static void check(Graph g) {
        Map<String, List<Node>> unsupported = new LinkedHashMap<>();
        List<String> dynamic = new ArrayList<>();
        for (Node n : g.allNodes()) {
            if (n.isConstant() || n.kind().equals(Node.LIST_CONSTRUCT)) continue;
            if (!isAten(n)) {
                unsupported.computeIfAbsent(n.kind() + (n.overload().isEmpty() ? "" : "." + n.overload()),
                        k -> new ArrayList<>()).add(n);
                continue;
            }
            checkArguments(n, dynamic);
        }
        if (!unsupported.isEmpty()) {
            StringBuilder sb = new StringBuilder("ONNX_ATEN exports aten operators only; unsupported:");
            unsupported.forEach((k, ns) -> sb.append("\n  ").append(k).append(" (").append(ns.size())
                    .append(ns.size() == 1 ? " node" : " nodes").append(", first at ").append(where(ns.get(0))).append(')'));
            sb.append("\nexport with ONNX_FALLTHROUGH to keep them as nodes of their own domain, or with ONNX and a custom symbolic");
            throw new UnsupportedOperatorError(sb.toString());
        }
        if (!dynamic.isEmpty()) {
            throw new SymbolicValueError("ONNX_ATEN writes non-tensor arguments as fixed attributes, but these are "
                    + "computed from tensor sizes while the model runs:\n  " + String.join("\n  ", dynamic)
                    + "\nuse static sizes (Tensor.size instead of symSize) or export with ONNX or ONNX_ATEN_FALLBACK");
        }
    }

    /**
     * Why {@code n} cannot be written with the ATen layout, or null when it can: computed ints where an
     * attribute is needed. A constant without an attribute form fails with a SymbolicValueError.
     */
    static String whyNot(Node n) {
        if (n.op() == null) return n.kind() + " has no operator schema";
        List<String> dynamic = new ArrayList<>();
        checkArguments(n, dynamic);
        return dynamic.isEmpty() ? null : "non-tensor arguments become fixed attributes, but these are computed "
                + "from tensor sizes while the model runs: " + String.join("; ", dynamic);
    }

    /** Int arguments of tensor ops must be constants; constants must have an attribute form. */
    private static void checkArguments(Node n, List<String> dynamic) {
        Schema s = n.op().schema();
        List<Schema.Argument> args = s.arguments();
        for (int i = 0; i < args.size(); i++) {
            ArgType t = args.get(i).type();
            Value v = n.input(i);
            if (t.base() == ArgType.Kind.TENSOR) continue;
            if (isKnown(v)) AtenAttributes.of(s, args.get(i), v.producer().constantValue());
            if (!t.isIntLike() || isIntOp(n)) continue;
            String what = n.op().qualifiedName() + " argument '" + args.get(i).name() + "'";
            if (t.list() && isList(v)) {
                List<Value> elems = v.producer().inputs();
                for (int k = 0; k < elems.size(); k++) {
                    if (!isKnown(elems.get(k))) dynamic.add(what + " element " + k + " = " + origin(elems.get(k)) + " at " + where(n));
                }
            } else if (!isKnown(v)) {
                dynamic.add(what + " = " + origin(v) + " at " + where(n));
            }
        }
    }

    /** True when {@code v} is a constant known while exporting. */
    static boolean isKnown(Value v) { return v.producer() != null && v.producer().isConstant(); }

    static boolean isList(Value v) { return v.producer() != null && v.producer().kind().equals(Node.LIST_CONSTRUCT); }

    private static String origin(Value v) {
        Node p = v.producer();
        if (p == null) return "a graph input";
        return p.op() != null ? p.op().qualifiedName() + " (" + where(p) + ")" : p.kind();
    }

    /** Scope and source line of a node, for messages. */
    static String where(Node n) {
        String scope = n.scope().isRoot() || n.scope().name().isEmpty() ? "" : n.scope().name();
        String src = n.source() == null ? "" : n.source().toString();
        if (scope.isEmpty() && src.isEmpty()) return "the model";
        return scope.isEmpty() ? src : src.isEmpty() ? scope : scope + ", " + src;
    }
}
