package dev.onnxport.onnx.aten;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.Schema;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replaces one node by its {@code org.pytorch.aten::ATen} node (layout: see {@link AtenExportMode}), or by a
 * node of another kind with the same layout of inputs and attributes.
 */
final class AtenNodeLowering {
    private AtenNodeLowering() {}

    /** Replaces {@code n}, whose computed arguments are built with {@link ComputedInputs#ATEN}, by its ATen node. */
    static Node lower(Node n) {
        return lower(n, ComputedInputs.ATEN);
    }

    static Node lower(Node n, ComputedInputs computed) {
        Schema s = n.op().schema();
        Map<String, Object> named = new TreeMap<>();
        named.put("operator", s.name());
        named.put("overload_name", s.overload());
        return lower(n, AtenExportMode.KIND, named, computed);
    }

    /**
     * Replaces {@code n} by a node of {@code kind} with the ATen layout plus the attributes {@code named}; the inputs
     * standing for computed arguments are made by {@code computed}.
     */
    static Node lower(Node n, String kind, Map<String, Object> named, ComputedInputs computed) {
        Schema s = n.op().schema();
        List<Schema.Argument> args = s.arguments();
        if (n.inputs().size() != args.size()) {
            throw new IllegalStateException(s.qualifiedName() + " has " + n.inputs().size() + " inputs for "
                    + args.size() + " schema arguments");
        }
        List<Value> inputs = new ArrayList<>();
        int kept = 0; // inputs up to the last present one; trailing Nones are left out
        Map<String, Object> attrs = new TreeMap<>();
        for (int i = 0; i < args.size(); i++) {
            Schema.Argument a = args.get(i);
            Value v = n.input(i);
            if (a.type().isTensor()) {
                inputs.add(isNone(v) ? null : v);
                if (!isNone(v)) kept = inputs.size();
            } else if (a.type().isTensorList()) {
                List<Value> elems = listElements(s, a, v);
                for (Value e : elems) inputs.add(isNone(e) ? null : e);
                kept = inputs.size();
                attrs.put(a.name(), (long) elems.size());
            } else if (AtenPreconditions.isComputed(v)) {
                inputs.add(AtenPreconditions.isList(v) ? computed.intList().apply(n, v.producer().inputs())
                        : computed.intValue().apply(n, v));
                kept = inputs.size();
            } else {
                Object attr = AtenAttributes.of(s, a, constantOf(s, a, v));
                if (attr != null) attrs.put(a.name(), attr);
                else inputs.add(null); // None: an omitted input if a later input is present, so positions hold
            }
        }
        for (String k : named.keySet()) {
            if (attrs.containsKey(k)) throw new IllegalStateException(s.qualifiedName() + " has an argument named " + k + ", like an attribute of " + kind);
        }
        attrs.putAll(named);

        Block b = n.owner();
        Node aten = b.insertBefore(n, kind, null).setScope(n.scope()).setSource(n.source());
        for (Value in : inputs.subList(0, kept)) aten.addInput(in);
        attrs.forEach(aten::setAttr);
        for (Value out : n.outputs()) {
            Value nv = aten.addOutput(outputType(s, out.type())).setName(out.name());
            b.replaceAllUses(out, nv);
        }
        b.remove(n);
        return aten;
    }

    static boolean isNone(Value v) {
        return v.type().kind() == Type.Kind.NONE || (AtenPreconditions.isKnown(v) && v.producer().constantValue() == null);
    }

    private static List<Value> listElements(Schema s, Schema.Argument a, Value v) {
        if (!AtenPreconditions.isList(v)) {
            throw new IllegalStateException(s.qualifiedName() + " argument '" + a.name() + "' is not a prim::ListConstruct");
        }
        return v.producer().inputs();
    }

    /** The value of a non-tensor argument that is not computed: a constant, or a list of constants. */
    private static Object constantOf(Schema s, Schema.Argument a, Value v) {
        if (AtenPreconditions.isKnown(v)) return v.producer().constantValue();
        if (a.type().isIntLike() && AtenPreconditions.isList(v)) {
            List<Value> elems = v.producer().inputs();
            long[] out = new long[elems.size()];
            for (int k = 0; k < out.length; k++) out[k] = ((Number) elems.get(k).producer().constantValue()).longValue();
            return out;
        }
        throw new IllegalStateException(s.qualifiedName() + " argument '" + a.name() + "' (" + a.type()
                + ") is neither a constant nor a list of constants");
    }

    /** Tensor results keep their traced type; int results of int ops become 0-d int64 tensors. */
    private static Type outputType(Schema s, Type t) {
        if (t.isTensor()) return t;
        if (t.kind() == Type.Kind.INT) return Type.tensor(DType.INT64, new long[0]);
        throw new IllegalStateException(s.qualifiedName() + " has a " + t + " result, which an ATen node cannot carry");
    }
}
