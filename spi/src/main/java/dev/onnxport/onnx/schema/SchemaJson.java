package dev.onnxport.onnx.schema;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the JSON written by tools/onnx-schemas (format 1) into {@link OpSchema}s. Every field is
 * checked, so a damaged or hand-edited resource fails loudly with the op and field named.
 */
final class SchemaJson {
    static final long FORMAT = 1;

    private SchemaJson() {}

    /** The parsed document: its domain, newest opset and every operator's versions, oldest first. */
    record Document(String domain, int maxOpset, String source, Map<String, List<OpSchema>> ops) {}

    static Document parse(String text) {
        Map<String, Object> doc = map(Json.parse(text), "document");
        long format = num(doc, "format", "document").longValue();
        if (format != FORMAT) {
            throw new IllegalStateException("ONNX schema resource has format " + format + ", expected " + FORMAT);
        }
        String domain = str(doc, "domain", "document");
        Map<String, Object> ops = map(doc.get("ops"), "ops");
        SortedMap<String, List<OpSchema>> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : ops.entrySet()) {
            List<OpSchema> versions = new ArrayList<>();
            for (Object v : list(e.getValue(), e.getKey())) versions.add(schema(domain, e.getKey(), map(v, e.getKey())));
            versions.sort(Comparator.comparingInt(OpSchema::sinceVersion));
            out.put(e.getKey(), List.copyOf(versions));
        }
        return new Document(domain, num(doc, "max_opset", "document").intValue(), str(doc, "source", "document"),
                Collections.unmodifiableSortedMap(out));
    }

    private static OpSchema schema(String domain, String op, Map<String, Object> m) {
        int since = num(m, "since_version", op).intValue();
        String where = op + "-" + since;
        List<Attribute> attrs = new ArrayList<>();
        for (Object a : list(m.get("attributes"), where + " attributes")) attrs.add(attribute(map(a, where), where));
        List<TypeConstraint> tcs = new ArrayList<>();
        for (Object t : list(m.get("type_constraints"), where + " type_constraints")) {
            Map<String, Object> tm = map(t, where);
            List<String> allowed = new ArrayList<>();
            for (Object s : list(tm.get("allowed_type_strs"), where + " allowed_type_strs")) allowed.add((String) s);
            tcs.add(new TypeConstraint(str(tm, "type_param_str", where), allowed));
        }
        return new OpSchema(domain, op, since, flag(m, "deprecated"), flag(m, "experimental"),
                num(m, "min_input", where).intValue(), num(m, "max_input", where).intValue(),
                num(m, "min_output", where).intValue(), num(m, "max_output", where).intValue(),
                params(m.get("inputs"), where + " inputs"), params(m.get("outputs"), where + " outputs"),
                attrs, tcs);
    }

    private static List<FormalParameter> params(Object v, String where) {
        List<FormalParameter> ps = new ArrayList<>();
        for (Object o : list(v, where)) {
            Map<String, Object> p = map(o, where);
            FormalParameter.Option option;
            String opt = str(p, "option", where);
            switch (opt) {
                case "single" -> option = FormalParameter.Option.SINGLE;
                case "optional" -> option = FormalParameter.Option.OPTIONAL;
                case "variadic" -> option = FormalParameter.Option.VARIADIC;
                default -> throw bad(where, "unknown option '" + opt + "'");
            }
            ps.add(new FormalParameter(str(p, "name", where), str(p, "type_str", where), option,
                    flag(p, "is_homogeneous"), num(p, "min_arity", where).intValue()));
        }
        return ps;
    }

    private static Attribute attribute(Map<String, Object> m, String where) {
        String name = str(m, "name", where);
        String at = where + " attribute " + name;
        AttributeType type;
        try {
            type = AttributeType.valueOf(str(m, "type", at));
        } catch (IllegalArgumentException e) {
            throw bad(at, "unknown type '" + m.get("type") + "'");
        }
        AttributeProto dflt = m.containsKey("default") ? defaultValue(name, type, m.get("default"), at) : null;
        return new Attribute(name, type, flag(m, "required"), dflt);
    }

    /** Defaults are plain JSON for scalars and lists, a base64 AttributeProto for anything else. */
    private static AttributeProto defaultValue(String name, AttributeType type, Object v, String where) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(type);
        try {
            switch (type) {
                case FLOAT -> b.setF(((Number) v).floatValue());
                case INT -> b.setI(((Number) v).longValue());
                case STRING -> b.setS(ByteString.copyFrom((String) v, StandardCharsets.UTF_8));
                case FLOATS -> { for (Object x : (List<?>) v) b.addFloats(((Number) x).floatValue()); }
                case INTS -> { for (Object x : (List<?>) v) b.addInts(((Number) x).longValue()); }
                case STRINGS -> {
                    for (Object x : (List<?>) v) b.addStrings(ByteString.copyFrom((String) x, StandardCharsets.UTF_8));
                }
                default -> {
                    byte[] bytes = Base64.getDecoder().decode(str(map(v, where), "attribute_proto", where));
                    return AttributeProto.parseFrom(bytes);
                }
            }
        } catch (ClassCastException | IllegalArgumentException | InvalidProtocolBufferException e) {
            throw bad(where, "default " + v + " does not fit type " + type);
        }
        return b.build();
    }

    private static boolean flag(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    private static Number num(Map<String, Object> m, String key, String where) {
        if (m.get(key) instanceof Number n) return n;
        throw bad(where, "missing number '" + key + "'");
    }

    private static String str(Map<String, Object> m, String key, String where) {
        if (m.get(key) instanceof String s) return s;
        throw bad(where, "missing string '" + key + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String where) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw bad(where, "expected an object");
    }

    private static List<?> list(Object v, String where) {
        if (v instanceof List<?> l) return l;
        throw bad(where, "expected an array");
    }

    private static IllegalStateException bad(String where, String what) {
        return new IllegalStateException("ONNX schema resource, " + where + ": " + what);
    }
}
