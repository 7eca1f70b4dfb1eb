package dev.onnxport.onnx.fallback;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ints computed while the model runs, as ONNX int64 tensors for a {@link Fallback} that passes them to its node as
 * inputs. In the ONNX lowering a size is already an ONNX value, 0-d or of shape [1] depending on the opset (see the
 * {@code aten::size.int} symbolic), so these fix the shape with {@code Reshape}, which reads its target shape as an
 * input at every opset the lowering supports. Constants made here are traced {@code prim::Constant} tensors, which
 * the lowering turns into ONNX constants after the fallback.
 */
public final class ComputedInts {
    private ComputedInts() {}

    /** The computed int {@code v} as a 0-d int64 tensor, made before {@code user}. */
    public static Value scalar(Node user, Value v) {
        return hasShape(v, new long[0]) ? v : reshape(user, v, new long[0]);
    }

    /**
     * The 1-D int64 tensor of {@code elements}, made before {@code user}: computed values reshaped to [1] and runs of
     * constant Longs as one constant, joined with {@code Concat}.
     */
    public static Value list(Node user, List<Value> elements) {
        List<Value> parts = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        for (Value e : elements) {
            Node p = e.producer();
            if (p != null && p.isConstant()) {
                run.add(((Number) p.constantValue()).longValue());
                continue;
            }
            if (!run.isEmpty()) parts.add(constant(user, run));
            run.clear();
            parts.add(hasShape(e, new long[] {1}) ? e : reshape(user, e, new long[] {1}));
        }
        if (!run.isEmpty()) parts.add(constant(user, run));
        if (parts.size() == 1) return parts.get(0);
        Node concat = insert(user, "onnx::Concat").setAttr("axis", 0L);
        parts.forEach(concat::addInput);
        return concat.addOutput(Type.tensor(DType.INT64, new long[] {elements.size()}));
    }

    private static Value reshape(Node user, Value v, long[] shape) {
        Value target = constant(user, Tensor.of(shape, shape.length));
        Node r = insert(user, "onnx::Reshape").addInput(v).addInput(target);
        return r.addOutput(Type.tensor(DType.INT64, shape));
    }

    private static Value constant(Node user, List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        return constant(user, Tensor.of(a, a.length));
    }

    private static Value constant(Node user, Tensor t) {
        return insert(user, Node.CONSTANT).setAttr("value", t).addOutput(Type.tensor(t.dtype(), t.shape()));
    }

    private static boolean hasShape(Value v, long[] shape) {
        Type t = v.type();
        return t != null && t.isTensor() && t.hasShape() && Arrays.equals(t.shape(), shape);
    }

    private static Node insert(Node user, String kind) {
        Block b = user.owner();
        return b.insertBefore(user, kind, null).setScope(user.scope()).setSource(user.source());
    }
}
