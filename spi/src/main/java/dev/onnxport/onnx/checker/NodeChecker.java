package dev.onnxport.onnx.checker;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.schema.Attribute;
import dev.onnxport.onnx.schema.FormalParameter;
import dev.onnxport.onnx.schema.OnnxSchemas;
import dev.onnxport.onnx.schema.ElementTypes;
import dev.onnxport.onnx.schema.OpSchema;
import dev.onnxport.onnx.schema.TypeConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one node: its attributes (well-formed, subgraphs and tensors inside them), its operator
 * against the schema at the imported opset (existence, arity, attribute names, types and required
 * ones, type constraints of inputs whose types are known), or against the model-local function it calls.
 */
final class NodeChecker {
    private NodeChecker() {}

    /** Checks the node and returns the type strings of its outputs where they follow from the schema, else null. */
    static String[] check(NodeProto node, String where, DefinedNames scope, CheckContext ctx, int depth) {
        String[] outTypes = new String[node.getOutputCount()];
        if (node.getOpType().isEmpty()) ctx.report(Rule.UNKNOWN_OP, where, "node has no op_type");
        if (node.getInputCount() == 0 && node.getOutputCount() == 0) {
            ctx.report(Rule.OUTPUT_ARITY, where, "node has neither inputs nor outputs");
        }
        checkAttributes(node, where, scope, ctx, depth);

        String domain = CheckContext.normalizeDomain(node.getDomain());
        Integer version = ctx.opsets().get(domain);
        if (version == null) {
            ctx.report(Rule.OPSET_IMPORT, where, "domain '" + node.getDomain() + "' is not in opset_import");
            return outTypes;
        }
        FunctionProto fn = ctx.functions().get(CheckContext.functionKey(domain, node.getOpType()));
        if (fn != null) {
            checkFunctionCall(node, fn, where, ctx);
            return outTypes;
        }
        // Only the default domain's schemas are known; other domains are checked structurally only.
        if (!domain.isEmpty() || version < 1 || version > OnnxSchemas.maxOpset()) return outTypes;
        OpSchema schema = schemaOrReport(node, version, where, ctx);
        if (schema == null) return outTypes;
        checkArity(node, schema, where, ctx);
        checkSchemaAttributes(node, schema, where, ctx);
        return checkTypes(node, schema, where, scope, ctx);
    }

    private static OpSchema schemaOrReport(NodeProto node, int version, String where, CheckContext ctx) {
        String op = node.getOpType();
        OpSchema s = OnnxSchemas.inForce(op, version);
        if (s == null) {
            int[] since = OnnxSchemas.sinceVersions(op);
            if (since.length == 0) {
                ctx.report(Rule.UNKNOWN_OP, where, "'" + op + "' is not an operator of the default ONNX domain");
            } else {
                ctx.report(Rule.OP_NOT_IN_OPSET, where, op + " does not exist at opset " + version
                        + " (it was introduced at opset " + since[0] + ")");
            }
            return null;
        }
        if (s.deprecated()) {
            ctx.report(Rule.DEPRECATED_OP, where, op + " was deprecated at opset " + s.sinceVersion()
                    + " and the model imports opset " + version);
            return null;
        }
        return s;
    }

    private static void checkArity(NodeProto node, OpSchema s, String where, CheckContext ctx) {
        checkCount("input", node.getInputCount(), s.minInput(), s.maxInput(), s, where, Rule.INPUT_ARITY, ctx);
        checkCount("output", node.getOutputCount(), s.minOutput(), s.maxOutput(), s, where, Rule.OUTPUT_ARITY, ctx);
        checkOmitted("input", node.getInputList(), s.inputs(), where, Rule.INPUT_ARITY, ctx);
        checkOmitted("output", node.getOutputList(), s.outputs(), where, Rule.OUTPUT_ARITY, ctx);
    }

    private static void checkCount(String what, int n, int min, int max, OpSchema s, String where, Rule rule,
                                   CheckContext ctx) {
        if (n >= min && n <= max) return;
        String range = min == max ? String.valueOf(min)
                : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
        ctx.report(rule, where, "has " + n + " " + what + "s but " + s + " takes " + range);
    }

    /** An empty name omits an optional input or output; a required one cannot be omitted. */
    private static void checkOmitted(String what, List<String> names, List<FormalParameter> formals, String where,
                                     Rule rule, CheckContext ctx) {
        for (int i = 0; i < names.size(); i++) {
            FormalParameter f = formal(formals, i);
            if (names.get(i).isEmpty() && f != null && f.option() != FormalParameter.Option.OPTIONAL) {
                ctx.report(rule, where, what + " #" + i + " (" + f.name() + ") is required but its name is empty");
            }
        }
    }

    /** The formal parameter of position i: a trailing variadic parameter covers every later position. */
    private static FormalParameter formal(List<FormalParameter> formals, int i) {
        if (i < formals.size()) return formals.get(i);
        if (formals.isEmpty()) return null;
        FormalParameter last = formals.get(formals.size() - 1);
        return last.option() == FormalParameter.Option.VARIADIC ? last : null;
    }

    private static void checkSchemaAttributes(NodeProto node, OpSchema s, String where, CheckContext ctx) {
        Set<String> given = new HashSet<>();
        for (AttributeProto a : node.getAttributeList()) {
            given.add(a.getName());
            Attribute declared = s.attribute(a.getName());
            if (declared == null) {
                ctx.report(Rule.UNKNOWN_ATTRIBUTE, where, "attribute '" + a.getName() + "' is not an attribute of "
                        + s + " (it has " + s.attributes().keySet() + ")");
                continue;
            }
            AttributeType t = effectiveType(a);
            if (t != null && t != declared.type()) {
                ctx.report(Rule.ATTRIBUTE_TYPE, where, "attribute '" + a.getName() + "' is " + t + " but " + s
                        + " declares it " + declared.type());
            }
        }
        for (Attribute declared : s.attributes().values()) {
            if (declared.required() && !given.contains(declared.name())) {
                ctx.report(Rule.REQUIRED_ATTRIBUTE, where, "required attribute '" + declared.name() + "' of " + s
                        + " is missing");
            }
        }
    }

    private static String[] checkTypes(NodeProto node, OpSchema s, String where, DefinedNames scope, CheckContext ctx) {
        Map<String, String> bound = new HashMap<>();
        Map<String, String> boundBy = new HashMap<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            String name = node.getInput(i);
            FormalParameter f = formal(s.inputs(), i);
            String t = name.isEmpty() || f == null ? null : scope.type(name);
            if (t == null) continue;
            TypeConstraint tc = s.typeConstraint(f.typeStr());
            if (tc == null) {
                if (!f.typeStr().equals(t)) {
                    ctx.report(Rule.TYPE_CONSTRAINT, where, "input '" + name + "' (" + f.name() + ") is " + t
                            + " but " + s + " takes " + f.typeStr());
                }
                continue;
            }
            if (!tc.allows(t)) {
                ctx.report(Rule.TYPE_CONSTRAINT, where, "input '" + name + "' (" + f.name() + ") is " + t + ", which "
                        + s + " does not allow for " + tc.typeParamStr() + " (allowed: " + tc.allowedTypeStrs() + ")");
                continue;
            }
            // occurrences of a heterogeneous variadic parameter may differ in type
            if (f.option() == FormalParameter.Option.VARIADIC && !f.homogeneous()) continue;
            String prior = bound.putIfAbsent(f.typeStr(), t);
            if (prior == null) {
                boundBy.put(f.typeStr(), name);
            } else if (!prior.equals(t)) {
                ctx.report(Rule.TYPE_CONSTRAINT, where, "inputs '" + boundBy.get(f.typeStr()) + "' (" + prior
                        + ") and '" + name + "' (" + t + ") must have the same type " + f.typeStr() + " in " + s);
            }
        }
        String[] out = new String[node.getOutputCount()];
        for (int j = 0; j < out.length; j++) {
            FormalParameter f = formal(s.outputs(), j);
            if (f == null) continue;
            out[j] = s.typeConstraint(f.typeStr()) == null ? f.typeStr() : bound.get(f.typeStr());
        }
        if (out.length > 0 && out[0] == null) out[0] = typeFromAttributes(node);
        return out;
    }

    /** Operators whose output type is set by an attribute rather than an input. */
    private static String typeFromAttributes(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            if (node.getOpType().equals("Cast") && a.getName().equals("to")) return ElementTypes.tensorType((int) a.getI());
            if (node.getOpType().equals("Constant") && a.getName().equals("value")) {
                return ElementTypes.tensorType(a.getT().getDataType());
            }
        }
        return null;
    }

    private static void checkFunctionCall(NodeProto node, FunctionProto fn, String where, CheckContext ctx) {
        String fname = "function " + fn.getDomain() + "." + fn.getName();
        if (node.getInputCount() > fn.getInputCount()) {
            ctx.report(Rule.INPUT_ARITY, where, "has " + node.getInputCount() + " inputs but " + fname + " takes "
                    + fn.getInputCount());
        }
        if (node.getOutputCount() > fn.getOutputCount()) {
            ctx.report(Rule.OUTPUT_ARITY, where, "has " + node.getOutputCount() + " outputs but " + fname
                    + " makes " + fn.getOutputCount());
        }
        Set<String> known = new HashSet<>(fn.getAttributeList());
        for (AttributeProto a : fn.getAttributeProtoList()) known.add(a.getName());
        for (AttributeProto a : node.getAttributeList()) {
            if (!known.contains(a.getName())) {
                ctx.report(Rule.UNKNOWN_ATTRIBUTE, where, "attribute '" + a.getName() + "' is not an attribute of "
                        + fname + " (it has " + known + ")");
            }
        }
    }

    /** Well-formedness of every attribute, whatever the operator; recurses into subgraphs and tensors. */
    private static void checkAttributes(NodeProto node, String where, DefinedNames scope, CheckContext ctx, int depth) {
        Set<String> seen = new HashSet<>();
        for (AttributeProto a : node.getAttributeList()) {
            String an = "attribute '" + a.getName() + "'";
            if (a.getName().isEmpty()) ctx.report(Rule.ATTRIBUTE_TYPE, where, "an attribute has no name");
            if (!seen.add(a.getName())) ctx.report(Rule.DUPLICATE_ATTRIBUTE, where, an + " is given more than once");
            List<AttributeType> fields = valueFields(a);
            if (fields.size() > 1) {
                ctx.report(Rule.ATTRIBUTE_TYPE, where, an + " sets several values " + fields);
            } else if (a.hasType() && fields.size() == 1 && fields.get(0) != a.getType()) {
                ctx.report(Rule.ATTRIBUTE_TYPE, where, an + " declares type " + a.getType() + " but holds a "
                        + fields.get(0));
            } else if (!a.hasType() && ctx.irVersion() >= 2) {
                ctx.report(Rule.ATTRIBUTE_TYPE, where, an + " has no type");
            }
            if (!a.getRefAttrName().isEmpty()) {
                if (ctx.functionAttrs() == null) {
                    ctx.report(Rule.FUNCTION, where, an + " refers to function attribute '" + a.getRefAttrName()
                            + "' outside a function body");
                } else if (!ctx.functionAttrs().contains(a.getRefAttrName())) {
                    ctx.report(Rule.FUNCTION, where, an + " refers to '" + a.getRefAttrName()
                            + "', which the function does not declare");
                }
            }
            if (a.hasT()) TensorChecker.check(a.getT(), where + " " + an, ctx);
            for (TensorProto t : a.getTensorsList()) TensorChecker.check(t, where + " " + an, ctx);
            if (a.hasG()) GraphChecker.checkSubgraph(a.getG(), scope, ctx, where + " > " + a.getName(), depth + 1);
            for (GraphProto g : a.getGraphsList()) {
                GraphChecker.checkSubgraph(g, scope, ctx, where + " > " + a.getName(), depth + 1);
            }
        }
    }

    /** The attribute's declared type, or the type its value field implies when none is declared. */
    private static AttributeType effectiveType(AttributeProto a) {
        if (a.hasType() && a.getType() != AttributeType.UNDEFINED) return a.getType();
        List<AttributeType> f = valueFields(a);
        return f.size() == 1 ? f.get(0) : null;
    }

    private static List<AttributeType> valueFields(AttributeProto a) {
        List<AttributeType> f = new ArrayList<>();
        if (a.hasF()) f.add(AttributeType.FLOAT);
        if (a.hasI()) f.add(AttributeType.INT);
        if (a.hasS()) f.add(AttributeType.STRING);
        if (a.hasT()) f.add(AttributeType.TENSOR);
        if (a.hasG()) f.add(AttributeType.GRAPH);
        if (a.hasSparseTensor()) f.add(AttributeType.SPARSE_TENSOR);
        if (a.hasTp()) f.add(AttributeType.TYPE_PROTO);
        if (a.getFloatsCount() > 0) f.add(AttributeType.FLOATS);
        if (a.getIntsCount() > 0) f.add(AttributeType.INTS);
        if (a.getStringsCount() > 0) f.add(AttributeType.STRINGS);
        if (a.getTensorsCount() > 0) f.add(AttributeType.TENSORS);
        if (a.getGraphsCount() > 0) f.add(AttributeType.GRAPHS);
        if (a.getSparseTensorsCount() > 0) f.add(AttributeType.SPARSE_TENSORS);
        if (a.getTypeProtosCount() > 0) f.add(AttributeType.TYPE_PROTOS);
        return f;
    }
}
