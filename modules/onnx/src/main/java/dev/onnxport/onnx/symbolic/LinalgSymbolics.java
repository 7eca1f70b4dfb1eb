package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.input;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/**
 * Matrix products: matmul, mm, bmm, addmm (Gemm), linear (Gemm for 2-D inputs, else MatMul + Add), baddbmm, dot,
 * outer and einsum (Einsum from opset 12; before it, the batched-matmul forms as MatMul).
 */
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
        t.add("aten::baddbmm", 7, LinalgSymbolics::baddbmm);
        t.add("aten::dot", 7, g -> one(matmul(g, input(g, 0, outDtype(g, 0)), input(g, 1, outDtype(g, 0)))));
        // outer(a, b) = a[:, None] * b
        t.add("aten::outer", 7, g -> one(OnnxOps.mul(g, OnnxOps.unsqueeze(g, input(g, 0, outDtype(g, 0)), 1),
                input(g, 1, outDtype(g, 0)))));
        t.add("aten::einsum", 7, LinalgSymbolics::einsum);
        t.add("aten::mv", 7, g -> one(matmul(g, input(g, 0, outDtype(g, 0)), input(g, 1, outDtype(g, 0)))));
        t.add("aten::linalg_cross", 7, LinalgSymbolics::cross);
        t.add("aten::tensordot", 7, LinalgSymbolics::tensordot);
        t.add("aten::cdist", 7, g -> {
            DType d = outDtype(g, 0);
            Value diff = OnnxOps.sub(g, OnnxOps.unsqueeze(g, input(g, 0, d), OnnxOps.inRank(g, 0) - 1),
                    OnnxOps.unsqueeze(g, input(g, 1, d), OnnxOps.inRank(g, 1) - 2));
            double p = ((Number) g.constant(2)).doubleValue();
            int rank = Math.max(OnnxOps.inRank(g, 0), OnnxOps.inRank(g, 1)) + 1;
            long[] last = {rank - 1};
            if (p == 2) return one(OnnxOps.reduce(g, "ReduceL2", diff, last, false));
            if (p == 1) return one(OnnxOps.reduce(g, "ReduceL1", diff, last, false));
            Value abs = g.op("Abs", diff).output();
            if (p == Double.POSITIVE_INFINITY) return one(OnnxOps.reduce(g, "ReduceMax", abs, last, false));
            Value s = OnnxOps.reduce(g, "ReduceSum", OnnxOps.typed(g, "Pow", abs, OnnxOps.scalar(g, p, d)), last, false);
            return one(OnnxOps.typed(g, "Pow", s, OnnxOps.scalar(g, 1 / p, d)));
        });
        t.add("aten::linalg_det", 7, g -> {
            OnnxOps.requireOpset(g, 11, "the determinant (Det)");
            return one(OnnxOps.typed(g, "Det", g.input(0)));
        });
        t.add("aten::logdet", 7, g -> {
            OnnxOps.requireOpset(g, 11, "the determinant (Det)");
            return one(OnnxOps.typed(g, "Log", OnnxOps.typed(g, "Det", g.input(0))));
        });
    }

    /** beta * self + alpha * (batch1 @ batch2); beta == 0 ignores self (NaN in it does not propagate), as in PyTorch. */
    private static Value[] baddbmm(SymbolicContext g) {
        DType d = outDtype(g, 0);
        double beta = ((Number) g.constant(3)).doubleValue(), alpha = ((Number) g.constant(4)).doubleValue();
        Value p = matmul(g, input(g, 1, d), input(g, 2, d));
        if (alpha != 1) p = OnnxOps.mul(g, p, OnnxOps.scalar(g, g.constant(4), d));
        if (beta == 0) return one(p);
        Value c = input(g, 0, d);
        if (beta != 1) c = OnnxOps.mul(g, c, OnnxOps.scalar(g, g.constant(3), d));
        return one(OnnxOps.add(g, c, p));
    }

    /** einsum(equation, tensors): Einsum from opset 12; before it only "[b]ij,[b]jk->[b]ik" (MatMul). */
    private static Value[] einsum(SymbolicContext g) {
        String eq = ((String) g.constant(0)).replace(" ", "");
        DType d = outDtype(g, 0);
        Value[] in = g.listInput(1);
        for (int k = 0; k < in.length; k++) in[k] = cast(g, in[k], d);
        if (g.opset() >= 12) return one(typed(g, "Einsum", true, b -> b.attr("equation", eq), in));
        if (in.length == 2 && isMatmulForm(eq)) return one(matmul(g, in[0], in[1]));
        throw new NotExpressible("einsum \"" + eq + "\" needs the Einsum operator (only batched matrix products"
                + " such as \"bij,bjk->bik\" are rewritten as MatMul)", 12);
    }

    /** True for "Bij,Bjk->Bik" with B a (possibly empty) run of batch letters and i, j, k distinct letters. */
    static boolean isMatmulForm(String eq) {
        String[] io = eq.split("->", -1);
        if (io.length != 2) return false;
        String[] ops = io[0].split(",", -1);
        if (ops.length != 2 || ops[0].length() < 2 || ops[0].length() != ops[1].length() || io[1].length() != ops[0].length()) {
            return false;
        }
        int n = ops[0].length();
        String batch = ops[0].substring(0, n - 2);
        char i = ops[0].charAt(n - 2), j = ops[0].charAt(n - 1), k = ops[1].charAt(n - 1);
        boolean letters = (batch + i + j + k).chars().allMatch(Character::isLetter)
                && (batch + i + j + k).chars().distinct().count() == n + 1;
        return letters && ops[1].equals(batch + j + k) && io[1].equals(batch + i + k);
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

    /** cross product along dim: the components are Gathers of one index, combined, then concatenated. */
    private static Value[] cross(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value a = input(g, 0, d), b = input(g, 1, d);
        int rank = g.node().outputs().get(0).type().rank();
        long dim = OnnxOps.normDim((Long) g.constant(2), rank);
        Value[] parts = new Value[3];
        for (int i = 0; i < 3; i++) {
            int j = (i + 1) % 3, k = (i + 2) % 3;
            parts[i] = OnnxOps.sub(g, OnnxOps.mul(g, comp(g, a, dim, j), comp(g, b, dim, k)), OnnxOps.mul(g, comp(g, a, dim, k), comp(g, b, dim, j)));
        }
        return one(g.op("Concat", parts).attr("axis", dim).output());
    }

    private static Value comp(SymbolicContext g, Value x, long dim, int i) {
        return g.op("Gather", x, g.constantLongs(i)).attr("axis", dim).output();
    }

    /** tensordot: transpose the contracted dims last (self) and first (other), reshape to matrices, MatMul, reshape. */
    private static Value[] tensordot(SymbolicContext g) {
        DType d = outDtype(g, 0);
        dev.onnxport.ir.Type ta = OnnxOps.inType(g, 0), tb = OnnxOps.inType(g, 1);
        if (!ShapeForms.isStatic(ta) || !ShapeForms.isStatic(tb)) throw g.error("tensordot of inputs with dynamic sizes is not supported", "give static sizes");
        long[] da = (long[]) g.constant(2), db = (long[]) g.constant(3);
        int ra = ta.rank(), rb = tb.rank();
        boolean[] ca = new boolean[ra], cb = new boolean[rb];
        long k = 1, m = 1, n = 1;
        long[] pa = new long[ra], pb = new long[rb];
        java.util.List<Long> outShape = new java.util.ArrayList<>();
        int pos = 0;
        for (int i = 0; i < da.length; i++) {
            ca[(int) OnnxOps.normDim(da[i], ra)] = true;
            cb[(int) OnnxOps.normDim(db[i], rb)] = true;
        }
        for (int i = 0; i < ra; i++) if (!ca[i]) { pa[pos++] = i; m *= ta.shape()[i]; outShape.add(ta.shape()[i]); }
        for (long x : da) { pa[pos++] = OnnxOps.normDim(x, ra); k *= ta.shape()[(int) OnnxOps.normDim(x, ra)]; }
        pos = 0;
        for (long y : db) pb[pos++] = OnnxOps.normDim(y, rb);
        for (int i = 0; i < rb; i++) if (!cb[i]) { pb[pos++] = i; n *= tb.shape()[i]; outShape.add(tb.shape()[i]); }
        Value a = g.op("Reshape", g.op("Transpose", input(g, 0, d)).attr("perm", pa).output(), g.constantLongs(m, k)).output();
        Value b = g.op("Reshape", g.op("Transpose", input(g, 1, d)).attr("perm", pb).output(), g.constantLongs(k, n)).output();
        long[] out = outShape.stream().mapToLong(Long::longValue).toArray();
        return one(g.op("Reshape", matmul(g, a, b), g.constantLongs(out)).output());
    }
}
