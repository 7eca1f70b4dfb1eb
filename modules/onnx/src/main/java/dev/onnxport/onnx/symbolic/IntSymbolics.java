package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/**
 * Sizes read while tracing ({@code aten::size.int}) and integer arithmetic on them: they become int64
 * tensors of one element (0-d from Shape+Gather; 1-D [1] from Shape with start/end, opset 15 on).
 */
final class IntSymbolics {
    private IntSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::size.int", 7, 14, g -> new Value[] {OnnxOps.size(g, g.input(0), dim(g))});
        t.add("aten::size.int", 15, g -> new Value[] {
                g.op("Shape", g.input(0)).attr("start", dim(g)).attr("end", dim(g) + 1).output()});
        binary(t, "aten::add.int", "Add");
        binary(t, "aten::sub.int", "Sub");
        binary(t, "aten::mul.int", "Mul");
        // sizes are non-negative, where floor division and ONNX's truncating integer Div agree
        binary(t, "aten::floordiv.int", "Div");
    }

    private static long dim(SymbolicContext g) {
        long d = (Long) g.constant(1);
        return OnnxOps.normDim(d, OnnxOps.inRank(g, 0));
    }

    private static void binary(SymbolicTable t, String name, String opType) {
        t.add(name, 7, g -> new Value[] {
                g.op(opType, cast(g, g.input(0), DType.INT64), cast(g, g.input(1), DType.INT64)).output()});
    }
}
