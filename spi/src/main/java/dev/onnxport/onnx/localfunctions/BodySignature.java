package dev.onnxport.onnx.localfunctions;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A text that two function bodies share exactly when they are the same function: the number of inputs, then
 * per node its kind, its inputs (as positions: function input k, or output j of body node i), its attributes
 * by value (tensors by dtype, shape and content) and its output dtypes, then the outputs. Value names, scopes,
 * source lines and shapes do not count: a FunctionProto carries none of them.
 */
final class BodySignature {
    private BodySignature() {}

    static String of(Graph body) {
        Map<Value, String> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder("in ").append(body.inputs().size()).append('\n');
        for (int k = 0; k < body.inputs().size(); k++) ids.put(body.inputs().get(k), "i" + k);
        int i = 0;
        for (Node n : body.nodes()) {
            sb.append(n.kind()).append('(');
            for (Value v : n.inputs()) sb.append(v == null ? "-" : ids.get(v)).append(',');
            sb.append(')');
            for (Map.Entry<String, Object> a : n.attributes().entrySet()) {
                sb.append(' ').append(a.getKey()).append('=').append(canonical(a.getValue()));
            }
            sb.append(" ->");
            for (int j = 0; j < n.outputs().size(); j++) {
                Value o = n.outputs().get(j);
                ids.put(o, "n" + i + "." + j);
                Type t = o.type();
                sb.append(' ').append(t != null && t.isTensor() ? String.valueOf(t.dtype()) : String.valueOf(t));
            }
            sb.append('\n');
            i++;
        }
        sb.append("out");
        for (Value v : body.outputs()) sb.append(' ').append(ids.get(v));
        return sb.toString();
    }

    private static String canonical(Object v) {
        if (v instanceof Tensor t) {
            String data = t.dtype().isFloatingPoint() ? Arrays.toString(t.toDoubleArray()) : Arrays.toString(t.toLongArray());
            return "tensor " + t.dtype() + Arrays.toString(t.shape()) + data;
        }
        if (v instanceof long[] a) return "ints" + Arrays.toString(a);
        if (v instanceof double[] a) return "floats" + Arrays.toString(a);
        if (v instanceof String[] a) return "strings" + Arrays.toString(a);
        if (v instanceof Graph g) return "graph{" + GraphPrinter.print(g, false) + "}";
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }
}
