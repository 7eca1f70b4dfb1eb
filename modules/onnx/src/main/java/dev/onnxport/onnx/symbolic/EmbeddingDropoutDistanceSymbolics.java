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
import dev.onnxport.tensor.Tensor;

/** Symbolic functions for embedding, dropout, cosine_similarity and pairwise_distance; upsampling is in {@link UpsampleSymbolics}. */
final class EmbeddingDropoutDistanceSymbolics {
    private EmbeddingDropoutDistanceSymbolics() {}

    static void register(SymbolicTable t) {
        // padding_idx only affects gradients
        t.add("aten::embedding", 7, g -> one(g.op("Gather", g.input(0), g.input(1)).attr("axis", 0L).output()));
        t.add("aten::dropout", 7, g -> one(dropout(g, g.input(0), ((Number) g.constant(1)).doubleValue(), (Boolean) g.constant(2))));
        for (String name : new String[] {"alpha_dropout", "feature_dropout", "feature_alpha_dropout"}) {
            t.add("aten::" + name, 7, g -> {
                if ((Boolean) g.constant(2) && ((Number) g.constant(1)).doubleValue() > 0) {
                    throw g.error(name + " in training mode draws random masks", "export in eval mode");
                }
                return one(g.input(0));
            });
        }
        t.add("aten::native_dropout", 7, g -> {
            if (Boolean.TRUE.equals(g.constant(2)) && ((Number) g.constant(1)).doubleValue() > 0) {
                throw g.error("native_dropout in training mode draws random masks", "export in eval mode");
            }
            Value x = g.input(0);
            Type xt = OnnxOps.inType(g, 0);
            Value mask = ShapeForms.isStatic(xt) ? FactorySymbolics.fillShape(g, xt.shape(), null, xt.rank(), true, DType.BOOL)
                    : FactorySymbolics.fillShape(g, null, g.op("Shape", x).output(), xt.rank(), true, DType.BOOL);
            return new Value[] {x, mask};
        });
        t.add("aten::grid_sampler", 7, g -> {
            OnnxOps.requireOpset(g, 16, "grid_sampler (GridSample)");
            long mode = (Long) g.constant(2), padding = (Long) g.constant(3);
            // GridSample-20 renamed bilinear and bicubic to linear and cubic
            String[] modes = g.opset() >= 20 ? new String[] {"linear", "nearest", "cubic"} : new String[] {"bilinear", "nearest", "bicubic"};
            String[] paddings = {"zeros", "border", "reflection"};
            DType d = OnnxOps.outDtype(g, 0);
            return one(g.op("GridSample", cast(g, g.input(0), d), cast(g, g.input(1), d)).attr("mode", modes[(int) mode])
                    .attr("padding_mode", paddings[(int) padding]).attr("align_corners", (Boolean) g.constant(4) ? 1L : 0L).output());
        });
        t.add("aten::embedding_bag", 7, EmbeddingDropoutDistanceSymbolics::embeddingBag);
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

    /**
     * embedding_bag in mean mode with static sizes: the rows gathered, then a MatMul with the bag membership matrix
     * (index i belongs to bag (number of offsets <= i) - 1) divided by the bag sizes; offset2bag, bag sizes and
     * max_indices (the bag sizes, as PyTorch's mean mode returns) from the same comparisons. Opset 7 on.
     */
    private static Value[] embeddingBag(SymbolicContext g) {
        if ((Long) g.constant(4) != 1 || !g.isNone(6) || (Boolean) g.constant(7)) {
            throw g.error("embedding_bag other than mode=1 (mean) without per_sample_weights and include_last_offset is not supported",
                    "use mode='mean'");
        }
        Type it = OnnxOps.inType(g, 1), ot = OnnxOps.inType(g, 2);
        if (!ShapeForms.isStatic(it) || !ShapeForms.isStatic(ot)) throw g.error("embedding_bag of dynamic sizes is not supported", "give static sizes");
        long n = it.shape()[0], bags = ot.shape()[0];
        DType d = OnnxOps.outDtype(g, 0);
        long[] pos = new long[(int) n], bagNo = new long[(int) bags];
        for (int i = 0; i < n; i++) pos[i] = i;
        for (int b = 0; b < bags; b++) bagNo[b] = b;
        Value rows = g.op("Gather", cast(g, g.input(0), d), g.input(1)).attr("axis", 0L).output();
        Value off = g.op("Reshape", cast(g, g.input(2), DType.FLOAT32), g.constantLongs(bags, 1)).output();
        Value at = g.constant(Tensor.of(pos, 1, n).to(DType.FLOAT32));
        Value started = cast(g, OnnxOps.not(g, OnnxOps.greater(g, off, at)), DType.INT64);
        Value o2b = OnnxOps.sub(g, OnnxOps.reduce(g, "ReduceSum", started, new long[] {0}, false), g.constant(Tensor.scalar(1L)));
        Value member = g.op("Equal", g.constant(Tensor.of(bagNo, bags, 1)), g.op("Reshape", o2b, g.constantLongs(1, n)).output()).output();
        Value m = cast(g, member, d);
        Value sums = g.op("MatMul", m, rows).output();
        Value size = OnnxOps.reduce(g, "ReduceSum", m, new long[] {1}, true);
        Value one = g.constant(Tensor.scalar(1.0, d));
        Value mean = OnnxOps.div(g, sums, OnnxOps.maxMin(g, "Max", size, one));
        Value sizes = cast(g, g.op("Reshape", size, g.constantLongs(bags)).output(), DType.INT64);
        return new Value[] {mean, o2b, sizes, g.op("Identity", sizes).output()};
    }
}
