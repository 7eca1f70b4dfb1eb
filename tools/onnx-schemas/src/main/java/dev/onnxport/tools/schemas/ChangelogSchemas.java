package dev.onnxport.tools.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the default-domain operator schemas, every version up to MAX_OPSET, read from the ONNX
 * specification's operator changelog ({@code docs/Changelog.md} of github.com/onnx/onnx), in the
 * same format as {@link DumpSchemas} (format 1; see tools/README.md). The changelog gives, for each
 * operator version, its since_version (or deprecation), attributes (type, required, default),
 * inputs and outputs (option, arity bounds) and type constraints.
 *
 * <p>What the changelog does not say and the C++ registry does (see tools/README.md): default values
 * of TENSOR/GRAPH attributes (not written here), min_arity of variadic parameters (derived from the
 * input count bounds), and is_homogeneous, which is true unless the changelog says "heterogeneous".
 *
 * <p>Usage: ChangelogSchemas Changelog.md SOURCE OUT.json
 */
public final class ChangelogSchemas {
    /** The newest opset written; Changelog versions above it (not yet in ONNX Runtime) are left out. */
    static final int MAX_OPSET = 26;
    /** The same layout as DumpSchemas.FORMAT. */
    static final int FORMAT = 1;
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Pattern HEADER = Pattern.compile(
            "^### <a name=\"([A-Za-z0-9_]+)-(\\d+)\"></a>\\*\\*\\1-\\2\\*\\*( \\(deprecated\\))?(</a>)?\\s*$");
    private static final Pattern DOMAIN = Pattern.compile("^## Version (\\d+) of the (.*) operator set\\s*$");
    private static final Pattern SINCE = Pattern.compile(
            "This version of the operator has been (available|deprecated) since version (\\d+) of the default ONNX operator set");
    private static final Pattern DT = Pattern.compile("^<dt><tt>([^<]+)</tt>(?: \\(([^)]*)\\))? : (.*?)</dt>\\s*$");
    private static final Pattern ATTR_TAIL = Pattern.compile("^(.*?)\\s*(?:\\((required|default is (.*))\\))?$");
    private static final Pattern RANGE = Pattern.compile("^#### (Inputs|Outputs)(?: \\((\\d+) - (\\d+|&#8734;)\\))?\\s*$");

    record Param(String name, String type, String option, boolean homogeneous, int minArity) {}

    record Attr(String name, String type, boolean required, String defaultText) {}

    record TypeConstraint(String name, List<String> allowed) {}

    static final class Schema {
        String name;
        int since;
        boolean deprecated;
        boolean experimental;
        int minIn = -1, maxIn = -1, minOut = -1, maxOut = -1;
        final List<Param> inputs = new ArrayList<>();
        final List<Param> outputs = new ArrayList<>();
        final List<Attr> attributes = new ArrayList<>();
        final List<TypeConstraint> constraints = new ArrayList<>();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) throw new IllegalArgumentException("usage: ChangelogSchemas Changelog.md SOURCE OUT.json");
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Map<String, List<Schema>> byOp = parse(lines);
        int maxOpset = 0;
        int versions = 0;
        JsonWriter j = new JsonWriter();
        j.beginObject();
        j.key("format").value(FORMAT);
        j.key("source").value(args[1]);
        j.key("domain").value("");
        for (List<Schema> l : byOp.values()) for (Schema s : l) maxOpset = Math.max(maxOpset, s.since);
        j.key("max_opset").value(maxOpset);
        j.key("ops").beginObject();
        for (Map.Entry<String, List<Schema>> e : byOp.entrySet()) {
            j.key(e.getKey()).beginArray();
            for (Schema s : e.getValue()) {
                write(j, s);
                versions++;
            }
            j.endArray();
        }
        j.endObject();
        j.endObject();
        Path out = Path.of(args[2]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        byte[] bytes = j.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(out, bytes);
        System.out.printf("%d ops, %d schema versions, opsets 1..%d, %d bytes of JSON -> %s%n",
                byOp.size(), versions, maxOpset, bytes.length, out);
    }

    /** Every default-domain schema with since_version <= MAX_OPSET, by operator name, oldest first. */
    static Map<String, List<Schema>> parse(List<String> lines) {
        Map<String, List<Schema>> byOp = new TreeMap<>();
        boolean defaultDomain = false;
        Schema cur = null;
        String section = "";
        for (String line : lines) {
            Matcher dm = DOMAIN.matcher(line);
            if (dm.matches()) {
                finish(cur, byOp);
                cur = null;
                defaultDomain = dm.group(2).equals("default ONNX");
                continue;
            }
            if (!defaultDomain) continue;
            Matcher hm = HEADER.matcher(line);
            if (hm.matches()) {
                finish(cur, byOp);
                cur = new Schema();
                cur.name = hm.group(1);
                cur.since = Integer.parseInt(hm.group(2));
                cur.deprecated = hm.group(3) != null;
                section = "";
                continue;
            }
            if (cur == null) continue;
            if (line.startsWith("#### ")) {
                Matcher rm = RANGE.matcher(line);
                if (rm.matches()) {
                    section = rm.group(1);
                    if (rm.group(2) != null) {
                        int lo = Integer.parseInt(rm.group(2));
                        int hi = rm.group(3).startsWith("&") ? UNBOUNDED : Integer.parseInt(rm.group(3));
                        if (section.equals("Inputs")) { cur.minIn = lo; cur.maxIn = hi; }
                        else { cur.minOut = lo; cur.maxOut = hi; }
                    }
                } else {
                    section = line.substring(5).trim();
                }
                continue;
            }
            if (line.contains("This version of the operator has been")) {
                Matcher sm = SINCE.matcher(line);
                if (sm.find()) {
                    if (sm.group(1).equals("deprecated")) cur.deprecated = true;
                    if (Integer.parseInt(sm.group(2)) != cur.since) {
                        throw new IllegalStateException(cur.name + "-" + cur.since + ": " + line);
                    }
                }
                continue;
            }
            if (line.contains("This operator is used as a test only") || line.contains("experimental")
                    && line.contains("No versioning")) {
                cur.experimental = true;
            }
            Matcher dt = DT.matcher(line);
            if (!dt.matches()) continue;
            String name = dt.group(1);
            String flags = dt.group(2) == null ? "" : dt.group(2);
            String rest = dt.group(3).trim();
            switch (section) {
                case "Attributes" -> {
                    Matcher am = ATTR_TAIL.matcher(rest);
                    if (!am.matches()) throw new IllegalStateException(cur.name + ": attribute " + line);
                    boolean required = "required".equals(am.group(2));
                    String def = am.group(3);
                    cur.attributes.add(new Attr(name, attributeType(am.group(1).trim(), cur.name), required, def));
                }
                case "Inputs", "Outputs" -> {
                    String option = flags.contains("optional") ? "optional" : flags.contains("variadic") ? "variadic" : "single";
                    boolean homogeneous = !flags.contains("heterogeneous");
                    Param p = new Param(name, rest, option, homogeneous, 1);
                    (section.equals("Inputs") ? cur.inputs : cur.outputs).add(p);
                }
                case "Type Constraints" -> cur.constraints.add(new TypeConstraint(name, splitTypes(rest)));
                default -> { }
            }
        }
        finish(cur, byOp);
        for (List<Schema> l : byOp.values()) l.sort(Comparator.comparingInt(s -> s.since));
        return byOp;
    }

    private static void finish(Schema s, Map<String, List<Schema>> byOp) {
        if (s == null || s.since > MAX_OPSET) return;
        List<Schema> earlier = byOp.get(s.name);
        if (s.deprecated && s.inputs.isEmpty() && s.outputs.isEmpty() && s.attributes.isEmpty() && earlier != null) {
            // The changelog gives a deprecated version no body; the C++ registry keeps the previous signature.
            Schema prev = earlier.get(earlier.size() - 1);
            s.minIn = prev.minIn; s.maxIn = prev.maxIn; s.minOut = prev.minOut; s.maxOut = prev.maxOut;
            s.inputs.addAll(prev.inputs); s.outputs.addAll(prev.outputs);
            s.attributes.addAll(prev.attributes); s.constraints.addAll(prev.constraints);
        }
        if (s.minIn < 0) { s.minIn = count(s.inputs, false); s.maxIn = count(s.inputs, true); }
        if (s.minOut < 0) { s.minOut = count(s.outputs, false); s.maxOut = count(s.outputs, true); }
        fixVariadic(s.inputs, s.minIn);
        fixVariadic(s.outputs, s.minOut);
        s.attributes.sort(Comparator.comparing(Attr::name)); // the C++ registry's std::map order
        byOp.computeIfAbsent(s.name, n -> new ArrayList<>()).add(s);
    }

    /** Without an explicit range: the number of single parameters (min) or of all parameters (max). */
    private static int count(List<Param> ps, boolean max) {
        int n = 0;
        for (Param p : ps) {
            if (p.option().equals("variadic")) return max ? UNBOUNDED : n + 1;
            if (max || p.option().equals("single")) n++;
        }
        return n;
    }

    /** A trailing variadic parameter's min_arity is what the lower bound leaves after the parameters before it. */
    private static void fixVariadic(List<Param> ps, int min) {
        if (ps.isEmpty()) return;
        int last = ps.size() - 1;
        Param p = ps.get(last);
        if (!p.option().equals("variadic")) return;
        int arity = Math.max(0, min - last);
        ps.set(last, new Param(p.name(), p.type(), p.option(), p.homogeneous(), arity));
    }

    /** "tensor(float16), seq(tensor(float)), map(int64, tensor(float))" -> elements, split at top-level commas. */
    static List<String> splitTypes(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                out.add(b.toString().trim());
                b.setLength(0);
            } else if (c != ' ') {
                b.append(c);
            }
        }
        if (!b.toString().isBlank()) out.add(b.toString().trim());
        return out;
    }

    private static String attributeType(String t, String op) {
        return switch (t) {
            case "float" -> "FLOAT";
            case "int" -> "INT";
            case "string" -> "STRING";
            case "tensor" -> "TENSOR";
            case "graph" -> "GRAPH";
            case "list of floats" -> "FLOATS";
            case "list of ints" -> "INTS";
            case "list of strings" -> "STRINGS";
            case "list of tensors" -> "TENSORS";
            case "list of graphs" -> "GRAPHS";
            case "sparse_tensor" -> "SPARSE_TENSOR";
            case "list of sparse_tensors" -> "SPARSE_TENSORS";
            case "type_proto" -> "TYPE_PROTO";
            case "list of type_protos" -> "TYPE_PROTOS";
            default -> throw new IllegalStateException(op + ": unknown attribute type '" + t + "'");
        };
    }

    private static void write(JsonWriter j, Schema s) {
        j.beginObject();
        j.key("since_version").value(s.since);
        if (s.deprecated) j.key("deprecated").value(true);
        if (s.experimental) j.key("experimental").value(true);
        j.key("min_input").value(s.minIn);
        j.key("max_input").value(s.maxIn);
        j.key("min_output").value(s.minOut);
        j.key("max_output").value(s.maxOut);
        j.key("inputs");
        writeParams(j, s.inputs);
        j.key("outputs");
        writeParams(j, s.outputs);
        j.key("attributes").beginArray();
        for (Attr a : s.attributes) {
            j.beginObject();
            j.key("name").value(a.name());
            j.key("type").value(a.type());
            j.key("required").value(a.required());
            if (!a.required() && a.defaultText() != null) writeDefault(j, a);
            j.endObject();
        }
        j.endArray();
        j.key("type_constraints").beginArray();
        for (TypeConstraint tc : s.constraints) {
            j.beginObject();
            j.key("type_param_str").value(tc.name());
            j.key("allowed_type_strs").beginArray();
            for (String t : tc.allowed()) j.value(t);
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.endObject();
    }

    private static void writeParams(JsonWriter j, List<Param> ps) {
        j.beginArray();
        for (Param p : ps) {
            j.beginObject();
            j.key("name").value(p.name());
            j.key("type_str").value(p.type());
            j.key("option").value(p.option());
            j.key("is_homogeneous").value(p.homogeneous());
            j.key("min_arity").value(p.minArity());
            j.endObject();
        }
        j.endArray();
    }

    /** The changelog prints scalars plainly ("1.0", "0", "NOTSET"), lists as "['a', 'b']" or "[1, 2]". */
    private static void writeDefault(JsonWriter j, Attr a) {
        String d = a.defaultText().trim();
        if (!a.type().endsWith("S") && d.startsWith("(") && d.endsWith(")")) d = d.substring(1, d.length() - 1); // "(3.402823e+38)"
        switch (a.type()) {
            case "FLOAT" -> { j.key("default"); j.value(Float.parseFloat(d)); }
            case "INT" -> { j.key("default"); j.value(Long.parseLong(d)); }
            case "STRING" -> { j.key("default"); j.value(unquote(d)); }
            case "FLOATS", "INTS", "STRINGS" -> {
                String body = d.replaceAll("^[\\[{(]|[\\]})]$", "").trim();
                j.key("default").beginArray();
                if (!body.isEmpty()) {
                    for (String e : body.split(",")) {
                        String t = e.trim();
                        switch (a.type()) {
                            case "FLOATS" -> j.value(Float.parseFloat(unquote(t)));
                            case "INTS" -> j.value(Long.parseLong(unquote(t)));
                            default -> j.value(unquote(t));
                        }
                    }
                }
                j.endArray();
            }
            default -> { } // TENSOR/GRAPH defaults: the changelog prints no value the loader could read
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
