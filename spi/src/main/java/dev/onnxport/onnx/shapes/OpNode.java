package dev.onnxport.onnx.shapes;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * What a rule of {@link OpRules} reads of one ONNX node: its inputs' dims and dtypes, the content the engine
 * followed or the constant value of an input, its attributes, and how many outputs it has.
 */
final class OpNode {
    final Node node;
    final String op;
    final int outputs;
    private final ShapeEngine engine;

    OpNode(Node node, String op, int outputs, ShapeEngine engine) {
        this.node = node;
        this.op = op;
        this.outputs = outputs;
        this.engine = engine;
    }

    int inputs() { return node.inputs().size(); }

    /** True when input {@code i} is given (present and not an empty optional input). */
    boolean has(int i) { return i < node.inputs().size() && node.input(i) != null; }

    /** The dims of input {@code i}, or null when it is absent or its shape is unknown. */
    List<Dim> dims(int i) { return has(i) ? ShapeEngine.dims(node.input(i).type()) : null; }

    /** The dtype of input {@code i}, or null. */
    DType dtype(int i) {
        if (!has(i)) return null;
        var t = node.input(i).type();
        return t == null || !t.isTensor() ? null : t.dtype();
    }

    /** The elements of a 0-D or 1-D integer input: followed by the engine or constant; null when not known. */
    List<Dim> content(int i) { return has(i) ? engine.content(node.input(i)) : null; }

    /** The elements of input {@code i} when all are static, else null. */
    long[] longs(int i) {
        List<Dim> c = content(i);
        if (c == null) return null;
        long[] out = new long[c.size()];
        for (int k = 0; k < out.length; k++) {
            if (c.get(k).dynamic()) return null;
            out[k] = c.get(k).size();
        }
        return out;
    }

    /** The value of an initializer or {@code Constant} input, else null. */
    Tensor constant(int i) { return has(i) ? ShapeEngine.constant(node.input(i)) : null; }

    Value input(int i) { return node.input(i); }

    Object attr(String name) { return node.attr(name); }

    long attr(String name, long dflt) { return node.attr(name) instanceof Long l ? l : dflt; }

    long[] ints(String name) { return node.attr(name) instanceof long[] a ? a : null; }

    boolean flag(String name) { return Long.valueOf(1).equals(node.attr(name)); }

    /** The axes of Squeeze/Unsqueeze/Reduce*: the attribute (before opset 13/18) or input 1; null when neither is known. */
    long[] axes() {
        long[] a = ints("axes");
        return a != null ? a : inputs() > 1 ? longs(1) : null;
    }
}
