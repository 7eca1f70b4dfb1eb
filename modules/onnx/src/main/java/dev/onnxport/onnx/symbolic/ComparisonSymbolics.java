package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.input;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.function.BiFunction;

/**
 * Comparisons (computed in the promoted dtype of both operands; ONNX lacks some types before opset 9/11/12,
 * see {@link OnnxOps#equal} and friends) and logical ops.
 */
final class ComparisonSymbolics {
    private ComparisonSymbolics() {}

    private interface Cmp extends BiFunction<SymbolicContext, Value[], Value> {}

    static void register(SymbolicTable t) {
        compare(t, "eq", (g, v) -> OnnxOps.equal(g, v[0], v[1]));
        compare(t, "ne", (g, v) -> OnnxOps.not(g, OnnxOps.equal(g, v[0], v[1])));
        compare(t, "lt", (g, v) -> OnnxOps.less(g, v[0], v[1]));
        compare(t, "gt", (g, v) -> OnnxOps.greater(g, v[0], v[1]));
        compare(t, "le", (g, v) -> OnnxOps.lessOrEqual(g, v[0], v[1]));
        compare(t, "ge", (g, v) -> OnnxOps.greaterOrEqual(g, v[0], v[1]));
        logical(t, "aten::logical_and", "And");
        logical(t, "aten::logical_or", "Or");
        logical(t, "aten::logical_xor", "Xor");
        t.add("aten::bitwise_and.Tensor", 7, g -> {
            DType d = OnnxOps.outDtype(g, 0);
            if (d == DType.BOOL) return one(OnnxOps.and(g, input(g, 0, d), input(g, 1, d)));
            OnnxOps.requireOpset(g, 18, "bitwise_and of integers (BitwiseAnd)");
            return one(g.op("BitwiseAnd", input(g, 0, d), input(g, 1, d)).output());
        });
        t.add("aten::bitwise_or.Tensor", 7, g -> {
            DType d = OnnxOps.outDtype(g, 0);
            if (d == DType.BOOL) return one(OnnxOps.or(g, input(g, 0, d), input(g, 1, d)));
            OnnxOps.requireOpset(g, 18, "bitwise_or of integers (BitwiseOr)");
            return one(g.op("BitwiseOr", input(g, 0, d), input(g, 1, d)).output());
        });
        t.add("aten::bitwise_xor.Tensor", 7, g -> {
            DType d = OnnxOps.outDtype(g, 0);
            if (d == DType.BOOL) return one(g.op("Xor", input(g, 0, d), input(g, 1, d)).output());
            OnnxOps.requireOpset(g, 18, "bitwise_xor of integers (BitwiseXor)");
            return one(g.op("BitwiseXor", input(g, 0, d), input(g, 1, d)).output());
        });
    }

    private static void compare(SymbolicTable t, String name, Cmp cmp) {
        for (String overload : new String[] {".Tensor", ".Scalar"}) {
            t.add("aten::" + name + overload, 7, g -> {
                DType d = promoted(g);
                return one(cmp.apply(g, new Value[] {input(g, 0, d), input(g, 1, d)}));
            });
        }
    }

    /** PyTorch's result_type of the two operands, from the traced types and the scalar's Java type. */
    static DType promoted(SymbolicContext g) {
        Object[] ops = new Object[2];
        for (int i = 0; i < 2; i++) {
            if (g.node().input(i).type().isTensor()) {
                ops[i] = Tensor.meta(g.node().input(i).type().dtype(), g.node().input(i).type().shape());
            } else {
                ops[i] = g.constant(i);
            }
        }
        return TypePromotion.resultType(ops);
    }

    private static void logical(SymbolicTable t, String name, String opType) {
        t.add(name, 7, g -> one(g.op(opType, cast(g, g.input(0), DType.BOOL), cast(g, g.input(1), DType.BOOL)).output()));
    }
}
