package dev.onnxport.onnx.aten;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.onnx.passes.ControlFlowNodes;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.ArgType;
import dev.onnxport.ops.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a traced graph before anything is rewritten, so a failing export leaves the graph as it was: a constant
 * argument with no attribute form, or else every op ONNX_ATEN cannot express, in one error. Arguments computed while
 * the model runs need no check: they become inputs (see {@link AtenExportMode}).
 */
final class AtenPreconditions {
    private AtenPreconditions() {}

    /** The reason recorded for an op outside the aten namespace. */
    static final String NOT_ATEN = "not an aten operator: ONNX_ATEN exports aten operators only";

    static boolean isAten(Node n) { return n.op() != null && n.op().schema().namespace().equals("aten"); }

    static void check(Graph g) {
        Map<String, List<Node>> unsupported = new LinkedHashMap<>();
        for (Node n : g.allNodes()) {
            if (n.isConstant() || n.kind().equals(Node.LIST_CONSTRUCT) || ControlFlowNodes.isControlFlow(n)) continue;
            if (!isAten(n)) {
                unsupported.computeIfAbsent(n.kind() + (n.overload().isEmpty() ? "" : "." + n.overload()),
                        k -> new ArrayList<>()).add(n);
                continue;
            }
            checkConstants(n);
        }
        if (!unsupported.isEmpty()) {
            StringBuilder sb = new StringBuilder("ONNX_ATEN exports aten operators only; unsupported:");
            List<UnsupportedOperatorError.Operator> records = new ArrayList<>();
            unsupported.forEach((k, ns) -> {
                Node first = ns.get(0);
                sb.append("\n  ").append(k).append(" (").append(ns.size())
                        .append(ns.size() == 1 ? " node" : " nodes").append(", first at ").append(where(first)).append(')');
                records.add(new UnsupportedOperatorError.Operator(k, ns.size(),
                        first.source() == null ? null : first.source().toString(), 0, NOT_ATEN));
            });
            sb.append("\nexport with ONNX_FALLTHROUGH to keep them as nodes of their own domain, or with ONNX and a custom symbolic");
            throw new UnsupportedOperatorError(sb.toString(), 0, records);
        }
    }

    /**
     * Why {@code n} cannot be written with the ATen layout, or null when it can. A constant without an attribute
     * form fails with a SymbolicValueError.
     */
    static String whyNot(Node n) {
        if (n.op() == null) return n.kind() + " has no operator schema";
        checkConstants(n);
        return null;
    }

    /** Every constant non-tensor argument (or constant list) must have an attribute form. */
    private static void checkConstants(Node n) {
        Schema s = n.op().schema();
        List<Schema.Argument> args = s.arguments();
        for (int i = 0; i < args.size(); i++) {
            Value v = n.input(i);
            if (args.get(i).type().base() == ArgType.Kind.TENSOR) continue;
            if (isKnown(v)) AtenAttributes.of(s, args.get(i), v.producer().constantValue());
        }
    }

    /**
     * True when the non-tensor argument value {@code v} is computed while the model runs, so it becomes an input
     * rather than an attribute: not a constant, and not a list of constants.
     */
    static boolean isComputed(Value v) {
        if (isKnown(v)) return false;
        return !isList(v) || !v.producer().inputs().stream().allMatch(AtenPreconditions::isKnown);
    }

    /** True when {@code v} is a constant known while exporting. */
    static boolean isKnown(Value v) { return v.producer() != null && v.producer().isConstant(); }

    static boolean isList(Value v) { return v.producer() != null && v.producer().kind().equals(Node.LIST_CONSTRUCT); }

    /** Scope and source line of a node, for messages. */
    static String where(Node n) {
        String scope = n.scope().isRoot() || n.scope().name().isEmpty() ? "" : n.scope().name();
        String src = n.source() == null ? "" : n.source().toString();
        if (scope.isEmpty() && src.isEmpty()) return "the model";
        return scope.isEmpty() ? src : src.isEmpty() ? scope : scope + ", " + src;
    }
}
