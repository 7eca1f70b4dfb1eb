package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.div;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.reduce;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/** Symbolic functions for embedding, dropout, cosine_similarity and pairwise_distance; upsampling is in {@link UpsampleSymbolics}. */
final class EmbeddingDropoutDistanceSymbolics {
    private EmbeddingDropoutDistanceSymbolics() {}

    static void register(SymbolicTable t) {
        // padding_idx only affects gradients
        t.add("aten::embedding", 7, g -> one(g.op("Gather", g.input(0), g.input(1)).attr("axis", 0L).output()));
        t.add("aten::dropout", 7, g -> one(dropout(g, g.input(0), ((Number) g.constant(1)).doubleValue(), (Boolean) g.constant(2))));
        t.add("aten::cosine_similarity", 7, EmbeddingDropoutDistanceSymbolics::cosineSimilarity);
        t.add("aten::pairwise_distance", 7, EmbeddingDropoutDistanceSymbolics::pairwiseDistance);
        UpsampleSymbolics.register(t);
    }

    /**
     * Dropout in evaluation is the identity. In training, Dropout with its ratio and training_mode inputs
     * (12 on); before 12 Dropout has no training switch and only training runtimes apply it, so it is
     * emitted only in a training export.
     */
    static Value dropout(SymbolicContext g, Value x, double p, boolean train) {
        if (!train || p == 0) return x;
        if (g.opset() >= 12) {
            DType d = OnnxOps.dtype(g, x);
            return g.op("Dropout", x, scalar(g, p, d.isFloatingPoint() ? d : DType.FLOAT32), scalar(g, true, DType.BOOL)).outputs(1)[0];
        }
        if (!g.training()) {
            throw OnnxOps.notExpressible(g, "dropout with train=True outside a training export: Dropout before opset 12 "
                    + "has no training_mode input, so runtimes would skip it", 12);
        }
        return g.op("Dropout", x).attr("ratio", p).outputs(1)[0];
    }

    /** x1 . x2 / sqrt(max(|x1|^2 |x2|^2, eps^2)) along dim, after broadcasting x1 and x2. */
    private static Value[] cosineSimilarity(SymbolicContext g) {
        Value[] xs = broadcastPair(g);
        int rank = broadcastRank(g);
        long dim = OnnxOps.normDim((Long) g.constant(2), rank);
        double eps = ((Number) g.constant(3)).doubleValue();
        long[] axes = {dim};
        Value dot = reduce(g, "ReduceSum", mul(g, xs[0], xs[1]), axes, false);
        Value n1 = reduce(g, "ReduceSum", mul(g, xs[0], xs[0]), axes, false);
        Value n2 = reduce(g, "ReduceSum", mul(g, xs[1], xs[1]), axes, false);
        DType d = OnnxOps.dtype(g, dot);
        Value clamped = OnnxOps.maxMin(g, "Max", mul(g, n1, n2), scalar(g, eps * eps, d));
        return one(div(g, dot, typed(g, "Sqrt", clamped)));
    }

    /** The p-norm of x1 - x2 + eps over the last dim of the broadcast shape. */
    private static Value[] pairwiseDistance(SymbolicContext g) {
        Value[] xs = broadcastPair(g);
        double p = ((Number) g.constant(2)).doubleValue();
        double eps = ((Number) g.constant(3)).doubleValue();
        boolean keep = (Boolean) g.constant(4);
        int rank = broadcastRank(g);
        DType d = OnnxOps.outDtype(g, 0);
        Value diff = OnnxOps.addConst(g, OnnxOps.sub(g, xs[0], xs[1]), eps);
        long[] axes = {Math.max(rank - 1, 0)};
        if (p == 2) return one(reduce(g, "ReduceL2", diff, axes, keep));
        if (p == 1) return one(reduce(g, "ReduceL1", diff, axes, keep));
        Value abs = g.op("Abs", diff).output();
        if (p == Double.POSITIVE_INFINITY) return one(reduce(g, "ReduceMax", abs, axes, keep));
        if (p == Double.NEGATIVE_INFINITY) return one(reduce(g, "ReduceMin", abs, axes, keep));
        if (p == 0) {
            Value nonzero = cast(g, OnnxOps.greater(g, abs, scalar(g, 0.0, d)), d);
            return one(reduce(g, "ReduceSum", nonzero, axes, keep));
        }
        Value sum = reduce(g, "ReduceSum", typed(g, "Pow", abs, scalar(g, p, d)), axes, keep);
        return one(typed(g, "Pow", sum, scalar(g, 1 / p, d)));
    }

    /** x1 and x2 in the result dtype, expanded to their common shape when their traced shapes differ. */
    private static Value[] broadcastPair(SymbolicContext g) {
        DType d = OnnxOps.outDtype(g, 0);
        Value a = cast(g, g.input(0), d), b = cast(g, g.input(1), d);
        Type ta = OnnxOps.inType(g, 0), tb = OnnxOps.inType(g, 1);
        if (sameShape(ta, tb)) return new Value[] {a, b};
        OnnxOps.requireOpset(g, 8, "broadcasting the two inputs (made with Expand)");
        // Expand broadcasts both ways, so each side expanded to the other's shape gives the common shape
        Value ea = g.op("Expand", a, g.op("Shape", b).output()).output();
        Value eb = g.op("Expand", b, g.op("Shape", a).output()).output();
        return new Value[] {ea, eb};
    }

    /** Same traced sizes and the same dynamic-dim names. */
    private static boolean sameShape(Type a, Type b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) return false;
        for (int k = 0; k < a.rank(); k++) if (!java.util.Objects.equals(a.symbol(k), b.symbol(k))) return false;
        return true;
    }

    private static int broadcastRank(SymbolicContext g) {
        return Math.max(OnnxOps.inRank(g, 0), OnnxOps.inRank(g, 1));
    }
}
