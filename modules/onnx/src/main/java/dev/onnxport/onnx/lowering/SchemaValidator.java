package dev.onnxport.onnx.lowering;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.schema.Attribute;
import dev.onnxport.onnx.schema.ElementTypes;
import dev.onnxport.onnx.schema.FormalParameter;
import dev.onnxport.onnx.schema.OnnxSchemas;
import dev.onnxport.onnx.schema.OpSchema;
import dev.onnxport.onnx.schema.TypeConstraint;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a default-domain ONNX node against its schema at the target opset: the operator exists there,
 * input and output counts, attribute names, kinds and required ones, and the element types of inputs
 * whose dtype is known (including that inputs sharing a type parameter agree). A violation is a bug in
 * a symbolic function, so it throws at once.
 */
public final class SchemaValidator {
    private SchemaValidator() {}

    /** Validates every node of the default domain in {@code g}. */
    public static void validateGraph(Graph g, int opset) {
        for (Node n : g.allNodes()) if (n.kind().startsWith("onnx::")) validate(n, opset);
    }

    /** Validates one {@code onnx::Op} node; throws IllegalStateException naming op, opset and rule. */
    public static void validate(Node n, int opset) {
        String op = n.kind().substring("onnx::".length());
        OpSchema s = OnnxSchemas.inForce(op, opset);
        if (s == null) {
            int[] since = OnnxSchemas.sinceVersions(op);
            throw bad(op, opset, since.length == 0 ? "no such operator in the default domain"
                    : "the operator only exists from opset " + since[0]);
        }
        if (s.deprecated()) throw bad(op, opset, "the operator is deprecated since opset " + s.sinceVersion());
        int nin = n.inputs().size();
        if (nin < s.minInput() || nin > s.maxInput()) {
            throw bad(op, opset, nin + " inputs given, the schema takes " + s.minInput() + ".."
                    + (s.maxInput() == Integer.MAX_VALUE ? "any" : s.maxInput()));
        }
        int nout = n.outputs().size();
        if (nout < s.minOutput() || nout > s.maxOutput()) {
            throw bad(op, opset, nout + " outputs requested, the schema gives " + s.minOutput() + ".." + s.maxOutput());
        }
        for (Map.Entry<String, Object> e : n.attributes().entrySet()) {
            Attribute a = s.attribute(e.getKey());
            if (a == null) throw bad(op, opset, "unknown attribute '" + e.getKey() + "'; known: " + s.attributes().keySet());
            AttributeType given = kindOf(e.getValue());
            if (given != a.type()) {
                throw bad(op, opset, "attribute '" + e.getKey() + "' must be " + a.type() + ", got " + given);
            }
        }
        for (Attribute a : s.attributes().values()) {
            if (a.required() && !n.attributes().containsKey(a.name())) {
                throw bad(op, opset, "required attribute '" + a.name() + "' is missing");
            }
        }
        checkInputTypes(n, s, op, opset);
    }

    private static void checkInputTypes(Node n, OpSchema s, String op, int opset) {
        Map<String, DType> bound = new HashMap<>();
        List<FormalParameter> formals = s.inputs();
        for (int i = 0; i < n.inputs().size(); i++) {
            Value v = n.input(i);
            if (v == null || v.type() == null || !v.type().isTensor()) continue;
            FormalParameter p = formals.get(Math.min(i, formals.size() - 1));
            DType d = v.type().dtype();
            String ts = ElementTypes.tensorType(d);
            TypeConstraint tc = s.typeConstraint(p.typeStr());
            if (tc == null) {
                if (!p.typeStr().equals(ts)) throw bad(op, opset, "input " + i + " (" + p.name() + ") must be " + p.typeStr() + ", got " + ts);
                continue;
            }
            if (!tc.allows(ts)) {
                throw bad(op, opset, "input " + i + " (" + p.name() + ") has type " + ts + ", not allowed for "
                        + p.typeStr() + " " + tc.allowedTypeStrs());
            }
            if (p.option() == FormalParameter.Option.VARIADIC && !p.homogeneous()) continue;   // Loop's and Scan's values: any mix
            DType prev = bound.putIfAbsent(p.typeStr(), d);
            if (prev != null && prev != d) {
                throw bad(op, opset, "inputs bound to type parameter " + p.typeStr() + " differ: " + ElementTypes.name(prev)
                        + " and " + ElementTypes.name(d));
            }
        }
    }

    /** The ONNX attribute kind of a Java attribute value (see ExportMode for the mapping). */
    static AttributeType kindOf(Object v) {
        if (v instanceof Long) return AttributeType.INT;
        if (v instanceof Double) return AttributeType.FLOAT;
        if (v instanceof String) return AttributeType.STRING;
        if (v instanceof long[]) return AttributeType.INTS;
        if (v instanceof double[]) return AttributeType.FLOATS;
        if (v instanceof String[]) return AttributeType.STRINGS;
        if (v instanceof Tensor) return AttributeType.TENSOR;
        if (v instanceof Graph) return AttributeType.GRAPH;
        return AttributeType.UNDEFINED;
    }

    private static IllegalStateException bad(String op, int opset, String rule) {
        return new IllegalStateException("ONNX schema violation in a symbolic function: " + op + " at opset " + opset
                + ": " + rule);
    }
}
