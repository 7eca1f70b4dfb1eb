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
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String id = "n" + i;
            String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "::" + n.getOpType();
            sb.append("  ").append(id).append(" [label=").append(quote(n.getName().isEmpty() ? op : op + "\n" + n.getName()))
              .append("];\n");
            for (String in : n.getInputList()) edge(sb, producer.get(in), id, types.get(in));
            for (String out : n.getOutputList()) if (!out.isEmpty()) producer.put(out, id);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            String id = quote("output:" + v.getName());
            sb.append("  ").append(id).append(" [shape=ellipse, label=").append(quote(v.getName() + "\n" + types.get(v.getName())))
              .append("];\n");
            edge(sb, producer.get(v.getName()), id, types.get(v.getName()));
        }
        return sb.append("}\n").toString();
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
