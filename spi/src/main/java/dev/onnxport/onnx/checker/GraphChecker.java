package dev.onnxport.onnx.checker;

import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.SparseTensorProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TypeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.onnx.schema.OnnxSchemas;
import dev.onnxport.onnx.schema.ElementTypes;
import dev.onnxport.onnx.schema.OpSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the names of a graph or function body: inputs and initializers unique, every node input
 * defined before use, every value assigned once (outer-scope names count, as subgraphs may not
 * shadow them), outputs defined; and runs {@link NodeChecker} on each node in order.
 */
final class GraphChecker {
    /** Subgraphs nested deeper than this are not checked, so a hostile model cannot overflow the stack. */
    static final int MAX_NESTING = 64;

    private GraphChecker() {}

    static void checkMain(GraphProto g, CheckContext ctx) {
        checkGraph(g, new DefinedNames(null), ctx, "", true, 0);
    }

    static void checkSubgraph(GraphProto g, DefinedNames outer, CheckContext ctx, String where, int depth) {
        if (depth > MAX_NESTING) {
            ctx.report(Rule.NESTING, where, "subgraphs are nested more than " + MAX_NESTING + " deep");
            return;
        }
        checkGraph(g, new DefinedNames(outer), ctx, where + " > ", false, depth);
    }

    /** @param prefix prepended to each location: "" for the main graph, "node 'if' (If) > then_branch > " inside */
    private static void checkGraph(GraphProto g, DefinedNames scope, CheckContext ctx, String prefix, boolean main,
                                   int depth) {
        String graphWhere = prefix.isEmpty() ? "graph '" + g.getName() + "'" : prefix + "graph '" + g.getName() + "'";
        if (g.getName().isEmpty()) ctx.report(Rule.GRAPH, graphWhere, "graph has no name");
        for (ValueInfoProto vi : g.getInputList()) {
            String where = prefix + "graph input '" + vi.getName() + "'";
            checkValueInfo(vi, where, main, ctx);
            if (scope.hasHere(vi.getName())) ctx.report(Rule.SSA, where, "graph input is declared more than once");
            scope.define(vi.getName(), vi.hasType() ? ElementTypes.typeString(vi.getType()) : null);
        }
        for (ValueInfoProto vi : g.getOutputList()) checkValueInfo(vi, prefix + "graph output '" + vi.getName() + "'", main, ctx);

        Set<String> inits = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            String where = prefix + "initializer '" + t.getName() + "'";
            if (t.getName().isEmpty()) ctx.report(Rule.GRAPH, where, "initializer has no name");
            if (!inits.add(t.getName())) ctx.report(Rule.SSA, where, "initializer name is used more than once");
            TensorChecker.check(t, where, ctx);
            if (ctx.irVersion() <= 3 && !scope.hasHere(t.getName())) {
                ctx.report(Rule.IR_VERSION, where, "IR version " + ctx.irVersion()
                        + " requires every initializer to be a graph input");
            }
            String declared = scope.hasHere(t.getName()) ? scope.type(t.getName()) : null;
            String own = ElementTypes.tensorType(t.getDataType());
            if (declared != null && own != null && !declared.equals(own)) {
                ctx.report(Rule.VALUE_TYPE, where, "initializer is " + own + " but the graph input of that name is "
                        + declared);
            }
            scope.define(t.getName(), own);
        }
        for (SparseTensorProto st : g.getSparseInitializerList()) {
            String name = st.getValues().getName();
            String where = prefix + "sparse initializer '" + name + "'";
            if (name.isEmpty()) ctx.report(Rule.GRAPH, where, "sparse initializer has no name");
            if (!inits.add(name)) ctx.report(Rule.SSA, where, "initializer name is used more than once");
            TensorChecker.check(st.getValues(), where, ctx);
            scope.define(name, ElementTypes.tensorType(st.getValues().getDataType()));
        }

        Map<String, String> declared = new HashMap<>();
        for (ValueInfoProto vi : g.getValueInfoList()) declared.put(vi.getName(), typeOf(vi));
        for (ValueInfoProto vi : g.getOutputList()) declared.put(vi.getName(), typeOf(vi));
        checkNodes(g.getNodeList(), scope, declared, ctx, prefix, depth);

        for (ValueInfoProto vi : g.getOutputList()) {
            if (!scope.has(vi.getName())) {
                ctx.report(Rule.GRAPH_OUTPUT, prefix + "graph output '" + vi.getName() + "'",
                        "graph output is not computed by any node, nor a graph input or initializer");
            }
        }
    }

    static void checkFunction(FunctionProto f, CheckContext ctx, Map<String, Integer> modelOpsets) {
        String prefix = "function '" + f.getDomain() + "." + f.getName() + "' > ";
        String where = "function '" + f.getDomain() + "." + f.getName() + "'";
        if (f.getName().isEmpty()) ctx.report(Rule.FUNCTION, where, "function has no name");
        if (!f.hasDomain()) ctx.report(Rule.FUNCTION, where, "function has no domain");
        Map<String, Integer> opsets = StructuralChecker.opsetMap(f.getOpsetImportList(), where, ctx);
        checkOpsetCompatibility(f, opsets, modelOpsets, prefix, ctx);
        Set<String> attrs = new HashSet<>();
        for (String a : f.getAttributeList()) {
            if (!attrs.add(a)) ctx.report(Rule.FUNCTION, where, "attribute '" + a + "' is declared more than once");
        }
        for (var a : f.getAttributeProtoList()) {
            if (!attrs.add(a.getName())) {
                ctx.report(Rule.FUNCTION, where, "attribute '" + a.getName() + "' is declared more than once");
            }
        }
        DefinedNames scope = new DefinedNames(null);
        for (String in : f.getInputList()) {
            if (scope.hasHere(in)) ctx.report(Rule.SSA, prefix + "input '" + in + "'", "function input is declared more than once");
            scope.define(in, null);
        }
        Set<String> outs = new HashSet<>();
        for (String out : f.getOutputList()) {
            if (!outs.add(out)) ctx.report(Rule.SSA, prefix + "output '" + out + "'", "function output is declared more than once");
        }
        Map<String, String> declared = new HashMap<>();
        for (ValueInfoProto vi : f.getValueInfoList()) declared.put(vi.getName(), typeOf(vi));
        checkNodes(f.getNodeList(), scope, declared, ctx.forFunction(opsets, attrs), prefix, 0);
        for (String out : f.getOutputList()) {
            if (!scope.hasHere(out)) {
                ctx.report(Rule.GRAPH_OUTPUT, prefix + "output '" + out + "'",
                        "function output is not computed by any node of the body, nor a function input");
            }
        }
    }

    /**
     * A function may import another version of a domain than the model does, as long as each
     * operator it uses has the same schema under both.
     */
    private static void checkOpsetCompatibility(FunctionProto f, Map<String, Integer> fnOpsets,
                                                Map<String, Integer> modelOpsets, String prefix, CheckContext ctx) {
        Integer fv = fnOpsets.get("");
        Integer mv = modelOpsets.get("");
        if (fv == null || mv == null || fv.equals(mv)) return;
        int max = OnnxSchemas.maxOpset();
        if (fv < 1 || fv > max || mv < 1 || mv > max) return;
        for (int i = 0; i < f.getNodeCount(); i++) {
            NodeProto n = f.getNode(i);
            if (!CheckContext.normalizeDomain(n.getDomain()).isEmpty()) continue;
            OpSchema a = OnnxSchemas.inForce(n.getOpType(), fv);
            OpSchema b = OnnxSchemas.inForce(n.getOpType(), mv);
            if (a != null && b != null && a.sinceVersion() != b.sinceVersion()) {
                ctx.report(Rule.OPSET_IMPORT, prefix + nodeLabel(n, i), "the function imports opset " + fv
                        + " (" + a + ") but the model imports opset " + mv + " (" + b + ")");
            }
        }
    }

    private static void checkNodes(List<NodeProto> nodes, DefinedNames scope, Map<String, String> declared,
                                   CheckContext ctx, String prefix, int depth) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).getOutputList()) if (!o.isEmpty()) producer.putIfAbsent(o, i);
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            String where = prefix + nodeLabel(n, i);
            for (String in : n.getInputList()) {
                if (in.isEmpty() || scope.has(in)) continue;
                Integer later = producer.get(in);
                if (later != null && later >= i) {
                    ctx.report(Rule.TOPOLOGICAL_ORDER, where, "input '" + in + "' is used before it is defined ("
                            + nodeLabel(nodes.get(later), later) + " computes it later)");
                } else {
                    ctx.report(Rule.UNDEFINED_VALUE, where, "input '" + in
                            + "' is not defined (no graph input, initializer or earlier node output has that name)");
                }
            }
            String[] outTypes = NodeChecker.check(n, where, scope, ctx, depth);
            for (int j = 0; j < n.getOutputCount(); j++) {
                String out = n.getOutput(j);
                if (out.isEmpty()) continue;
                if (scope.has(out)) {
                    ctx.report(Rule.SSA, where, "output '" + out + "' is assigned more than once (the name is already "
                            + "defined" + (scope.hasHere(out) ? "" : " in an enclosing graph") + ")");
                    continue;
                }
                String decl = declared.get(out);
                String inferred = j < outTypes.length ? outTypes[j] : null;
                if (decl != null && inferred != null && !decl.equals(inferred)) {
                    ctx.report(Rule.TYPE_CONSTRAINT, where, "output '" + out + "' is declared " + decl + " but "
                            + n.getOpType() + " computes " + inferred + " from its inputs");
                }
                scope.define(out, decl != null ? decl : inferred);
            }
        }
    }

    /** Graph inputs and outputs of the main graph must say their type: a known element type and a shape. */
    private static void checkValueInfo(ValueInfoProto vi, String where, boolean main, CheckContext ctx) {
        if (vi.getName().isEmpty()) ctx.report(Rule.GRAPH, where, "value has no name");
        if (!main) return;
        if (!vi.hasType() || vi.getType().getValueCase() == TypeProto.ValueCase.VALUE_NOT_SET) {
            ctx.report(Rule.VALUE_TYPE, where, "has no type");
            return;
        }
        TypeProto t = vi.getType();
        if (t.hasTensorType()) {
            if (!ElementTypes.known(t.getTensorType().getElemType())) {
                ctx.report(Rule.VALUE_TYPE, where, "tensor elem_type " + t.getTensorType().getElemType()
                        + " is not a known element type");
            }
            if (!t.getTensorType().hasShape()) ctx.report(Rule.VALUE_TYPE, where, "tensor type has no shape");
        } else if (t.hasSparseTensorType()) {
            if (!ElementTypes.known(t.getSparseTensorType().getElemType())) {
                ctx.report(Rule.VALUE_TYPE, where, "sparse tensor elem_type is not a known element type");
            }
        } else if (ElementTypes.typeString(t) == null) {
            ctx.report(Rule.VALUE_TYPE, where, "type " + t.getValueCase() + " has no known element type");
        }
    }

    private static String typeOf(ValueInfoProto vi) {
        return vi.hasType() ? ElementTypes.typeString(vi.getType()) : null;
    }

    /** "node 'add_3' (Add)", or "node #3 (Add)" when the node has no name. */
    static String nodeLabel(NodeProto n, int index) {
        String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        return (n.getName().isEmpty() ? "node #" + index : "node '" + n.getName() + "'") + " (" + op + ")";
    }
}
