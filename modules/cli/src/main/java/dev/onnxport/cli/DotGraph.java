package dev.onnxport.cli;

import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A Graphviz digraph of an ONNX graph: one box per node (op type, and name when it has one), graph inputs and
 * outputs as ellipses, and an edge per tensor passed between them, labelled with its type and shape where the
 * model knows them (graph inputs and outputs, value_info). Initializers are left out: they are weights, not flow.
 */
final class DotGraph {
    private DotGraph() {}

    static String of(GraphProto g) {
        Map<String, String> types = new HashMap<>();
        for (ValueInfoProto v : g.getInputList()) types.put(v.getName(), OnnxTypes.text(v.getType()));
        for (ValueInfoProto v : g.getValueInfoList()) types.put(v.getName(), OnnxTypes.text(v.getType()));
        for (ValueInfoProto v : g.getOutputList()) types.put(v.getName(), OnnxTypes.text(v.getType()));
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));

        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(g.getName().isEmpty() ? "graph" : g.getName())).append(" {\n");
        sb.append("  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n")
          .append("  edge [fontname=\"Helvetica\", fontsize=8];\n");
        Map<String, String> producer = new HashMap<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (initializers.contains(v.getName())) continue;  // initializers listed as inputs (old IR versions)
            String id = quote("input:" + v.getName());
            sb.append("  ").append(id).append(" [shape=ellipse, label=").append(quote(v.getName() + "\n" + types.get(v.getName())))
              .append("];\n");
            producer.put(v.getName(), id);
        }
        nodes(sb, g, "n", "  ", producer, types, null);
        for (ValueInfoProto v : g.getOutputList()) {
            String id = quote("output:" + v.getName());
            sb.append("  ").append(id).append(" [shape=ellipse, label=").append(quote(v.getName() + "\n" + types.get(v.getName())))
              .append("];\n");
            edge(sb, producer.get(v.getName()), id, types.get(v.getName()));
        }
        return sb.append("}\n").toString();
    }

    /**
     * The nodes of {@code g} with ids {@code prefix<i>}; a node with graph attributes (If, Loop, Scan) is followed by one
     * cluster per body. Inside a body ({@code local} not null: the ids defined in it), reads of outer values are dashed
     * edges from their producers outside.
     */
    private static void nodes(StringBuilder sb, GraphProto g, String prefix, String indent, Map<String, String> producer,
                              Map<String, String> types, Set<String> local) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String id = prefix + i;
            String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "::" + n.getOpType();
            sb.append(indent).append(id).append(" [label=").append(quote(n.getName().isEmpty() ? op : op + "\n" + n.getName()))
              .append("];\n");
            if (local != null) local.add(id);
            for (String in : n.getInputList()) {
                String from = producer.get(in);
                edge(sb, indent, from, id, types.get(in), local != null && from != null && !local.contains(from));
            }
            for (int a = 0; a < n.getAttributeCount(); a++) {
                if (!n.getAttribute(a).hasG()) continue;
                GraphProto body = n.getAttribute(a).getG();
                String cluster = id + "_" + a + "_";
                sb.append(indent).append("subgraph ").append(quote("cluster_" + cluster)).append(" {\n")
                  .append(indent).append("  label=").append(quote(op + " " + n.getAttribute(a).getName())).append(";\n")
                  .append(indent).append("  style=rounded;\n");
                Map<String, String> inner = new HashMap<>(producer);
                Map<String, String> innerTypes = new HashMap<>(types);
                for (ValueInfoProto v : body.getInputList()) innerTypes.put(v.getName(), OnnxTypes.text(v.getType()));
                for (ValueInfoProto v : body.getValueInfoList()) innerTypes.put(v.getName(), OnnxTypes.text(v.getType()));
                for (ValueInfoProto v : body.getOutputList()) innerTypes.put(v.getName(), OnnxTypes.text(v.getType()));
                Set<String> defined = new HashSet<>();
                for (ValueInfoProto v : body.getInputList()) {
                    String vid = quote(cluster + "input:" + v.getName());
                    sb.append(indent).append("  ").append(vid).append(" [shape=ellipse, label=")
                      .append(quote(v.getName() + "\n" + innerTypes.get(v.getName()))).append("];\n");
                    inner.put(v.getName(), vid);
                    defined.add(vid);
                }
                nodes(sb, body, cluster + "n", indent + "  ", inner, innerTypes, defined);
                sb.append(indent).append("}\n");
            }
            for (String out : n.getOutputList()) if (!out.isEmpty()) producer.put(out, id);
        }
    }

    private static void edge(StringBuilder sb, String indent, String from, String to, String type, boolean outer) {
        if (from == null) return;  // an initializer or an omitted optional input
        sb.append(indent).append(from).append(" -> ").append(to);
        if (type != null || outer) {
            sb.append(" [");
            if (type != null) sb.append("label=").append(quote(type));
            if (outer) sb.append(type != null ? ", " : "").append("style=dashed");
            sb.append(']');
        }
        sb.append(";\n");
    }

    private static void edge(StringBuilder sb, String from, String to, String type) {
        if (from == null) return;  // an initializer or an omitted optional input
        sb.append("  ").append(from).append(" -> ").append(to);
        if (type != null) sb.append(" [label=").append(quote(type)).append(']');
        sb.append(";\n");
    }

    /** A DOT string literal; newlines become DOT's centered line breaks. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
