package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.input;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/** Matrix products an MLP needs: matmul, mm, bmm, addmm (Gemm) and linear (Gemm for 2-D inputs, else MatMul + Add). */
final class LinalgSymbolics {
    private LinalgSymbolics() {}

    static void register(SymbolicTable t) {
        for (String name : new String[] {"aten::matmul", "aten::mm", "aten::bmm"}) {
            t.add(name, 7, g -> one(matmul(g, input(g, 0, outDtype(g, 0)), input(g, 1, outDtype(g, 0)))));
        }
        t.add("aten::addmm", 7, g -> {
            DType d = outDtype(g, 0);
            double beta = ((Number) g.constant(3)).doubleValue(), alpha = ((Number) g.constant(4)).doubleValue();
            return one(gemm(g, input(g, 1, d), input(g, 2, d), input(g, 0, d), alpha, beta, false));
        });
        t.add("aten::linear", 7, LinalgSymbolics::linear);
    }

    private static Value matmul(SymbolicContext g, Value a, Value b) {
        return typed(g, "MatMul", a, b);
    }

    /** alpha * A B' + beta * C, computed in a type Gemm takes at this opset. */
    private static Value gemm(SymbolicContext g, Value a, Value b, Value c, double alpha, double beta, boolean transB) {
        DType d = OnnxOps.dtype(g, a);
        DType k = OnnxOps.computeType(g, "Gemm", d);
        SymbolicContext.NodeBuilder nb = g.op("Gemm", cast(g, a, k), cast(g, b, k), cast(g, c, k));
        if (alpha != 1) nb.attr("alpha", alpha);
        if (beta != 1) nb.attr("beta", beta);
        if (transB) nb.attr("transB", 1L);
        return cast(g, nb.output(), d);
    }

    private static Value[] linear(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value x = input(g, 0, d), w = input(g, 1, d);
        boolean bias = !g.isNone(2);
        if (OnnxOps.inRank(g, 0) == 2 && bias) return one(gemm(g, x, w, input(g, 2, d), 1, 1, true));
        Value wt = g.op("Transpose", w).attr("perm", new long[] {1, 0}).output();
        Value y = matmul(g, x, wt);
        return one(bias ? OnnxOps.add(g, y, input(g, 2, d)) : y);
    }
}
