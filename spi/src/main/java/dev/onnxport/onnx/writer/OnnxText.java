package dev.onnxport.onnx.writer;

import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.proto.TensorProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.tensor.DType;
import java.util.List;

/**
 * A readable text form of an ONNX model (what {@code export_to_pretty_string} returns): header, typed
 * inputs, initializers by name and type (no data), one line per node, outputs. Deterministic.
 *
 * <pre>
 * ir_version 8, opset_import ["" 17, "custom" 1], producer onnxport 0.1.0
 * graph main (
 *   %x : FLOAT[batch, 3]
 * ) initializers (
 *   %fc.weight : FLOAT[4, 3]
 * ) {
 *   %/fc/Gemm_output_0 = Gemm[transB = 1](%x, %fc.weight, %fc.bias)  # /fc/Gemm
 *   return %y
 * }
 * </pre>
 */
public final class OnnxText {
    private OnnxText() {}

    public static String print(AssembledModel m) {
        StringBuilder sb = new StringBuilder();
        ModelProto p = m.skeleton();
        sb.append("ir_version ").append(p.getIrVersion()).append(", opset_import [");
        List<OperatorSetIdProto> ops = p.getOpsetImportList();
        for (int i = 0; i < ops.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('"').append(ops.get(i).getDomain()).append("\" ").append(ops.get(i).getVersion());
        }
        sb.append("], producer ").append(p.getProducerName()).append(' ').append(p.getProducerVersion()).append('\n');
        GraphProto g = p.getGraph();
        sb.append("graph ").append(g.getName()).append(" (\n");
        for (ValueInfoProto v : g.getInputList()) sb.append("  ").append(valueInfo(v)).append('\n');
        sb.append(") initializers (\n");
        for (AssembledModel.Initializer i : m.initializers()) {
            sb.append("  %").append(i.name()).append(" : ").append(elemType(i.data().dtype().onnxCode()))
                    .append(dims(i.data().shape())).append('\n');
        }
        sb.append(") {\n");
        graphBody(sb, g, "  ");
        sb.append("}\n");
        return sb.toString();
    }

    private static void graphBody(StringBuilder sb, GraphProto g, String indent) {
        for (NodeProto n : g.getNodeList()) {
            sb.append(indent);
            for (int i = 0; i < n.getOutputCount(); i++) sb.append(i > 0 ? ", " : "").append('%').append(n.getOutput(i));
            sb.append(" = ");
            if (!n.getDomain().isEmpty()) sb.append(n.getDomain()).append("::");
            sb.append(n.getOpType());
            List<AttributeProto> attrs = n.getAttributeList();
            if (!attrs.isEmpty()) {
                sb.append('[');
                for (int i = 0; i < attrs.size(); i++) sb.append(i > 0 ? ", " : "").append(attrs.get(i).getName()).append(" = ").append(attribute(attrs.get(i)));
                sb.append(']');
            }
            sb.append('(');
            for (int i = 0; i < n.getInputCount(); i++) sb.append(i > 0 ? ", " : "").append('%').append(n.getInput(i));
            sb.append(")  # ").append(n.getName()).append('\n');
            for (AttributeProto a : attrs) {
                if (a.hasG()) {
                    sb.append(indent).append("  ").append(a.getName()).append(": graph ").append(a.getG().getName()).append(" {\n");
                    graphBody(sb, a.getG(), indent + "    ");
                    sb.append(indent).append("  }\n");
                }
            }
        }
        sb.append(indent).append("return ");
        for (int i = 0; i < g.getOutputCount(); i++) sb.append(i > 0 ? ", " : "").append(valueInfo(g.getOutput(i)));
        sb.append('\n');
    }

    private static String attribute(AttributeProto a) {
        return switch (a.getType()) {
            case INT -> Long.toString(a.getI());
            case FLOAT -> Float.toString(a.getF());
            case STRING -> '"' + a.getS().toStringUtf8() + '"';
            case INTS -> a.getIntsList().toString();
            case FLOATS -> a.getFloatsList().toString();
            case STRINGS -> a.getStringsList().stream().map(s -> '"' + s.toStringUtf8() + '"').toList().toString();
            case TENSOR -> tensor(a.getT());
            case GRAPH -> "<graph " + a.getG().getName() + ">";
            default -> "<" + a.getType() + ">";
        };
    }

    private static String tensor(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        return "<Tensor " + elemType(t.getDataType()) + dims(dims) + ">";
    }

    private static String valueInfo(ValueInfoProto v) {
        StringBuilder sb = new StringBuilder("%").append(v.getName());
        if (v.hasType() && v.getType().hasTensorType()) {
            sb.append(" : ").append(elemType(v.getType().getTensorType().getElemType())).append('[');
            List<TensorShapeProto.Dimension> ds = v.getType().getTensorType().getShape().getDimList();
            for (int i = 0; i < ds.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(ds.get(i).hasDimParam() ? ds.get(i).getDimParam() : Long.toString(ds.get(i).getDimValue()));
            }
            sb.append(']');
        }
        return sb.toString();
    }

    private static String dims(long[] d) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) sb.append(i > 0 ? ", " : "").append(d[i]);
        return sb.append(']').toString();
    }

    private static String elemType(int code) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(code);
        if (t != null) return t.name();
        try {
            return DType.fromOnnx(code).name();
        } catch (IllegalArgumentException e) {
            return "type" + code;
        }
    }
}
