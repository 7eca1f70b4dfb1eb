package dev.onnxport.tools.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.onnx.AttributeProto;
import org.bytedeco.onnx.FormalParameterVector;
import org.bytedeco.onnx.OpSchema;
import org.bytedeco.onnx.OpSchemaRegistry;
import org.bytedeco.onnx.OpSchemaVector;
import org.bytedeco.onnx.StringAttributeMap;
import org.bytedeco.onnx.StringVector;
import org.bytedeco.onnx.TypeConstraintParamVector;

/**
 * Writes every default-domain ("") operator schema that the ONNX library linked by JavaCPP knows,
 * with its whole since_version history, as one minified JSON document. The format is read by
 * dev.onnxport.onnx.schema.OnnxSchemas; see tools/README.md.
 *
 * <p>Usage: DumpSchemas OUT.json
 */
public final class DumpSchemas {
    /** Bump when the layout changes; the loader refuses other versions. */
    static final int FORMAT = 1;
    static final String SOURCE = "ONNX 1.17.0 (org.bytedeco:onnx:1.17.0-1.5.11)";

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: DumpSchemas OUT.json");
        Map<String, List<OpSchema>> byOp = new TreeMap<>();
        OpSchemaVector all = OpSchemaRegistry.get_all_schemas_with_history();
        int maxOpset = 0; // ONNX 1.17 changed ops at opset 22, so the newest since_version is its opset
        for (long k = 0; k < all.size(); k++) {
            OpSchema s = all.get(k);
            if (!str(s.domain()).isEmpty()) continue;
            byOp.computeIfAbsent(str(s.Name()), n -> new ArrayList<>()).add(s);
            maxOpset = Math.max(maxOpset, s.since_version());
        }

        JsonWriter j = new JsonWriter();
        j.beginObject();
        j.key("format").value(FORMAT);
        j.key("source").value(SOURCE);
        j.key("domain").value("");
        j.key("max_opset").value(maxOpset);
        j.key("ops").beginObject();
        int versions = 0;
        for (Map.Entry<String, List<OpSchema>> e : byOp.entrySet()) {
            e.getValue().sort(Comparator.comparingInt(OpSchema::since_version));
            j.key(e.getKey()).beginArray();
            for (OpSchema s : e.getValue()) {
                writeSchema(j, s);
                versions++;
            }
            j.endArray();
        }
        j.endObject();
        j.endObject();

        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        byte[] bytes = j.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(out, bytes);
        System.out.printf("%d ops, %d schema versions, opsets 1..%d, %d bytes of JSON -> %s%n",
                byOp.size(), versions, maxOpset, bytes.length, out);
    }

    private static void writeSchema(JsonWriter j, OpSchema s) {
        j.beginObject();
        j.key("since_version").value(s.since_version());
        if (s.deprecated()) j.key("deprecated").value(true);
        if (s.support_level() == OpSchema.EXPERIMENTAL) j.key("experimental").value(true);
        j.key("min_input").value(s.min_input());
        j.key("max_input").value(s.max_input());
        j.key("min_output").value(s.min_output());
        j.key("max_output").value(s.max_output());
        j.key("inputs");
        writeParams(j, s.inputs());
        j.key("outputs");
        writeParams(j, s.outputs());
        j.key("attributes").beginArray();
        // std::map iterates in key order, so the output is stable.
        StringAttributeMap attrs = s.attributes();
        for (StringAttributeMap.Iterator it = attrs.begin(); !it.equals(attrs.end()); it = it.increment()) {
            OpSchema.Attribute a = it.second();
            j.beginObject();
            j.key("name").value(str(a.name()));
            j.key("type").value(attributeTypeName(a.type()));
            j.key("required").value(a.required());
            AttributeProto d = a.default_value();
            if (!a.required() && d != null && d.has_type()) {
                j.key("default");
                writeDefault(j, d);
            }
            j.endObject();
        }
        j.endArray();
        j.key("type_constraints").beginArray();
        TypeConstraintParamVector tcs = s.typeConstraintParams();
        for (long k = 0; k < tcs.size(); k++) {
            OpSchema.TypeConstraintParam tc = tcs.get(k);
            j.beginObject();
            j.key("type_param_str").value(str(tc.type_param_str()));
            j.key("allowed_type_strs").beginArray();
            StringVector allowed = tc.allowed_type_strs();
            for (long m = 0; m < allowed.size(); m++) j.value(str(allowed.get(m)));
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.endObject();
    }

    private static void writeParams(JsonWriter j, FormalParameterVector ps) {
        j.beginArray();
        for (long k = 0; k < ps.size(); k++) {
            OpSchema.FormalParameter p = ps.get(k);
            j.beginObject();
            j.key("name").value(str(p.GetName()));
            j.key("type_str").value(str(p.GetTypeStr()));
            j.key("option").value(optionName(p.GetOption()));
            j.key("is_homogeneous").value(p.GetIsHomogeneous());
            j.key("min_arity").value(p.GetMinArity());
            j.endObject();
        }
        j.endArray();
    }

    /** Plain JSON for scalar and list defaults; anything else as its serialized AttributeProto. */
    private static void writeDefault(JsonWriter j, AttributeProto d) {
        switch (d.type()) {
            case 1 -> j.value(d.f());
            case 2 -> j.value(d.i());
            case 3 -> j.value(str(d.s()));
            case 6 -> {
                j.beginArray();
                for (int k = 0; k < d.floats_size(); k++) j.value(d.floats(k));
                j.endArray();
            }
            case 7 -> {
                j.beginArray();
                for (int k = 0; k < d.ints_size(); k++) j.value(d.ints(k));
                j.endArray();
            }
            case 8 -> {
                j.beginArray();
                for (int k = 0; k < d.strings_size(); k++) j.value(str(d.strings(k)));
                j.endArray();
            }
            default -> {
                BytePointer bp = d.SerializeAsString();
                byte[] b = new byte[(int) bp.limit()];
                bp.get(b);
                j.beginObject().key("attribute_proto").value(Base64.getEncoder().encodeToString(b)).endObject();
            }
        }
    }

    /** JavaCPP hands back an empty std::string as a null pointer. */
    private static String str(BytePointer p) {
        return p == null ? "" : p.getString(StandardCharsets.UTF_8);
    }

    private static String optionName(byte o) {
        if (o == OpSchema.Single) return "single";
        if (o == OpSchema.Optional) return "optional";
        if (o == OpSchema.Variadic) return "variadic";
        throw new IllegalStateException("unknown formal parameter option " + o);
    }

    /** Names of AttributeProto.AttributeType, the same as the enum of spi/src/main/proto/onnx.proto. */
    private static String attributeTypeName(int t) {
        return switch (t) {
            case 1 -> "FLOAT";
            case 2 -> "INT";
            case 3 -> "STRING";
            case 4 -> "TENSOR";
            case 5 -> "GRAPH";
            case 6 -> "FLOATS";
            case 7 -> "INTS";
            case 8 -> "STRINGS";
            case 9 -> "TENSORS";
            case 10 -> "GRAPHS";
            case 11 -> "SPARSE_TENSOR";
            case 12 -> "SPARSE_TENSORS";
            case 13 -> "TYPE_PROTO";
            case 14 -> "TYPE_PROTOS";
            default -> throw new IllegalStateException("unknown attribute type " + t);
        };
    }
}
