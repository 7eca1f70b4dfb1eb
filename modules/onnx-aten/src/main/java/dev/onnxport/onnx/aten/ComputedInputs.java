package dev.onnxport.onnx.aten;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;

/**
 * How an export mode builds the input that stands for a non-tensor argument computed while the model runs (see
 * {@link AtenExportMode} for the layout): each function inserts what it needs before {@code user} and returns the value.
 *
 * @param intValue a 0-d int64 value for a computed int (the value the traced graph holds for it)
 * @param intList  a 1-D int64 tensor of a list's elements in order; each element is a computed value, or a
 *                 {@code prim::Constant} holding a Long
 */
public record ComputedInputs(BiFunction<Node, Value, Value> intValue, BiFunction<Node, List<Value>, Value> intList) {
    /**
     * ONNX_ATEN's form, inside the aten domain: an int is already the 0-d int64 output of an int op's ATen node; a list
     * is the ATen node of {@code aten::stack(elements, dim=0)}, its constant elements 0-d int64 constants.
     */
    public static final ComputedInputs ATEN = new ComputedInputs((user, v) -> v, ComputedInputs::atenStack);

    private static Value atenStack(Node user, List<Value> elements) {
        Block b = user.owner();
        Node list = insert(b, user, Node.LIST_CONSTRUCT, null);
        for (Value e : elements) {
            if (!AtenPreconditions.isKnown(e)) {
                list.addInput(e);
                continue;
            }
            long k = ((Number) e.producer().constantValue()).longValue();
            list.addInput(insert(b, user, Node.CONSTANT, null).setAttr("value", Tensor.scalar(k))
                    .addOutput(Type.tensor(DType.INT64, new long[0])));
        }
        Value dim = insert(b, user, Node.CONSTANT, null).setAttr("value", 0L).addOutput(Type.INT);
        Node stack = insert(b, user, "aten::stack", AtenOps.registry().get("aten::stack"));
        stack.addInput(list.addOutput(Type.TENSOR_LIST)).addInput(dim);
        stack.addOutput(Type.tensor(DType.INT64, new long[] {elements.size()}));
        return AtenNodeLowering.lower(stack).output();
    }

    private static Node insert(Block b, Node user, String kind, OpDef op) {
        return b.insertBefore(user, kind, op).setScope(user.scope()).setSource(user.source());
    }
}
