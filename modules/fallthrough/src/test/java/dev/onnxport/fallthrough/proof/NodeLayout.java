package dev.onnxport.fallthrough.proof;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The node and attribute layout of an exported model as compact text, for golden files: per node its domain and
 * op_type, attributes as {@code name:TYPE} (string attributes with their value, since {@code operator} and
 * {@code overload_name} are layout), and input/output counts. Tensor values, names and shapes are left out.
 */
final class NodeLayout {
    private NodeLayout() {}

    /** One line per node, after a line of opset imports. */
    static String model(ModelProto m) {
        StringBuilder sb = new StringBuilder("opset_import ").append(imports(m)).append('\n');
        for (NodeProto n : m.getGraph().getNodeList()) sb.append(node(n)).append('\n');
        if (m.getFunctionsCount() > 0) sb.append("functions ").append(m.getFunctionsCount()).append('\n');
        return sb.toString();
    }

    /** All nodes on one line, separated by {@code "; "}. */
    static String oneLine(ModelProto m) {
        return m.getGraph().getNodeList().stream().map(NodeLayout::node).collect(Collectors.joining("; "));
    }

    static String imports(ModelProto m) {
        return m.getOpsetImportList().stream().map(o -> (o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + "=" + o.getVersion())
                .sorted().collect(Collectors.joining(", "));
    }

    static String node(NodeProto n) {
        String kind = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "::" + n.getOpType();
        List<String> attrs = n.getAttributeList().stream().map(NodeLayout::attribute).toList();
        return kind + (attrs.isEmpty() ? "" : attrs.toString()) + " " + n.getInputCount() + "->" + n.getOutputCount();
    }

    private static String attribute(AttributeProto a) {
        if (a.getType() == AttributeProto.AttributeType.STRING) return a.getName() + "=\"" + a.getS().toStringUtf8() + "\"";
        return a.getName() + ":" + a.getType();
    }

    /** True when some node is outside the ONNX domains, so ONNX Runtime cannot run the model. */
    static boolean hasCustomDomain(ModelProto m) {
        return m.getGraph().getNodeList().stream().anyMatch(n -> !n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx"));
    }

}
