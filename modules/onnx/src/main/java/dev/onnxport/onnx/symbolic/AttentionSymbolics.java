package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.input;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.unsqueeze;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * rms_norm, scaled_dot_product_attention and onnxport::rotary_embedding: from opset 23 the fused ONNX operators
 * (RMSNormalization, Attention, RotaryEmbedding), before it the same arithmetic as the eager composites, op for op.
 * Grouped-query attention broadcasts each key/value head over its query heads in both forms; nothing is repeated.
 */
final class AttentionSymbolics {
    private AttentionSymbolics() {}

    /** The first opset with RMSNormalization, Attention and RotaryEmbedding. */
    static final int FUSED = 23;

    static void register(SymbolicTable t) {
        t.add("aten::rms_norm", 7, FUSED - 1, AttentionSymbolics::rmsNormDecomposed);
        t.add("aten::rms_norm", FUSED, AttentionSymbolics::rmsNormFused);
        t.add("aten::scaled_dot_product_attention", 7, FUSED - 1, g -> one(attentionDecomposed(g)));
        t.add("aten::scaled_dot_product_attention", FUSED, AttentionSymbolics::attentionFused);
        t.add("onnxport::rotary_embedding", 7, FUSED - 1, g -> one(rotaryDecomposed(g)));
        t.add("onnxport::rotary_embedding", FUSED, AttentionSymbolics::rotaryFused);
    }

    // ---- rms_norm(input, normalized_shape, weight, eps) ---------------------------------------------

    private static Value[] rmsNormFused(SymbolicContext g) {
        DType d = outDtype(g, 0);
        long[] normalized = (long[]) g.constant(1);
        Value w = g.isNone(2) ? g.constant(NormSymbolics.filled(1.0, d, normalized)) : input(g, 2, d);
        return one(g.op("RMSNormalization", input(g, 0, d), w).attr("axis", (long) -normalized.length).attr("epsilon", rmsEps(g, d)).output());
    }

    private static Value[] rmsNormDecomposed(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value x = input(g, 0, d);
        long[] normalized = (long[]) g.constant(1);
        int rank = OnnxOps.inRank(g, 0);
        long[] axes = new long[normalized.length];
        for (int k = 0; k < axes.length; k++) axes[k] = rank - normalized.length + k;
        Value meanSquare = OnnxOps.reduce(g, "ReduceMean", OnnxOps.typed(g, "Pow", x, OnnxOps.scalar(g, 2.0, d)), axes, true);
        Value y = OnnxOps.div(g, x, OnnxOps.typed(g, "Sqrt", OnnxOps.addConst(g, meanSquare, rmsEps(g, d))));
        return one(g.isNone(2) ? y : mul(g, y, input(g, 2, d)));
    }

    /** eps, or torch's default for None: the machine epsilon of the dtype. */
    private static double rmsEps(SymbolicContext g, DType d) {
        return g.isNone(3) ? d.machineEpsilon() : ((Number) g.constant(3)).doubleValue();
    }

    // ---- scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal, *, scale, enable_gqa)

    /** Attention takes [batch, heads, L, E]; other ranks keep the decomposition. */
    private static Value[] attentionFused(SymbolicContext g) {
        if (OnnxOps.inRank(g, 0) != 4) return one(attentionDecomposed(g));
        DType d = outDtype(g, 0);
        Value q = input(g, 0, d), k = input(g, 1, d), v = input(g, 2, d);
        SymbolicContext.NodeBuilder b = g.isNone(3) ? g.op("Attention", q, k, v) : g.op("Attention", q, k, v, mask(g, d));
        if ((Boolean) g.constant(5)) b.attr("is_causal", 1L);
        if (!g.isNone(6)) b.attr("scale", ((Number) g.constant(6)).doubleValue());
        return one(b.output());
    }

    /**
     * The bool mask as it is (true attends, as in ONNX's Attention), a float mask in the output dtype. ONNX lets the
     * mask broadcast to [batch, heads, L, S], but ONNX Runtime 1.29's CPU Attention requires its last two dims to
     * be L and S: a mask that is not known to have them (a [batch, 1, 1, S] padding mask) is expanded first.
     */
    private static Value mask(SymbolicContext g, DType d) {
        Value m = OnnxOps.inDtype(g, 3) == DType.BOOL ? g.input(3) : input(g, 3, d);
        Type tm = inType(g, 3), tq = inType(g, 0), tk = inType(g, 1);
        int r = tm.rank();
        if (r >= 2 && sameDim(tm, r - 2, tq, 2) && sameDim(tm, r - 1, tk, 2)) return m;
        long[] ones = new long[Math.max(r, 2) - 2];
        java.util.Arrays.fill(ones, 1L);
        Value shape = ShapeForms.concat(g, 0, g.constantLongs(ones), ShapeForms.dims(g, g.input(0), tq, 2, 3), ShapeForms.dims(g, g.input(1), tk, 2, 3));
        return g.op("Expand", m, shape).output();
    }

    /** True when dim {@code i} of {@code a} is traced as dim {@code j} of {@code b}: the same fixed size or the same symbol. */
    private static boolean sameDim(Type a, int i, Type b, int j) {
        if (a.symbol(i) != null || b.symbol(j) != null) return a.symbol(i) != null && a.symbol(i).equals(b.symbol(j));
        return a.shape()[i] == b.shape()[j];
    }

    private static Value attentionDecomposed(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value q = input(g, 0, d), k = input(g, 1, d), v = input(g, 2, d);
        Type tq = inType(g, 0), tk = inType(g, 1), tv = inType(g, 2);
        int rank = tq.rank();
        long e = staticDim(g, tq, rank - 1, "the query's last dim (head size)");
        double scale = g.isNone(6) ? 1 / Math.sqrt(e) : ((Number) g.constant(6)).doubleValue();
        long group = 1, heads = 0, kvHeads = 0;
        if ((Boolean) g.constant(7)) {
            heads = staticDim(g, tq, rank - 3, "the query's head count (enable_gqa)");
            kvHeads = staticDim(g, tk, rank - 3, "the key's head count (enable_gqa)");
            group = heads / kvHeads;
        }
        if (group > 1) {
            // [..., heads, L, E] as [..., kv, group, L, E]: 0 copies the leading dims, -1 is L
            long[] to = new long[rank + 1];
            to[rank - 3] = kvHeads;
            to[rank - 2] = group;
            to[rank - 1] = -1;
            to[rank] = e;
            q = ShapeForms.reshape(g, q, g.constantLongs(to));
            k = unsqueeze(g, k, rank - 2);                                     // [..., kv, 1, S, E]
            v = unsqueeze(g, v, rank - 2);
        }
        int r = group > 1 ? rank + 1 : rank;
        long[] perm = new long[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        Value scores = OnnxOps.mulConst(g, OnnxOps.typed(g, "MatMul", q, ShapeForms.transpose(g, k, perm)), scale);
        Value bias = null;
        if ((Boolean) g.constant(5)) bias = causalBias(g, tq, tk, input(g, 0, d), input(g, 1, d), d);
        else if (!g.isNone(3)) bias = additive(g, g.input(3), d);
        if (bias != null) {
            if (group > 1) bias = groupedMask(g, bias, g.type(bias), heads, kvHeads, group);
            scores = OnnxOps.add(g, scores, bias);
        }
        Value w = OnnxOps.typed(g, "Softmax", true, nb -> nb.attr("axis", (long) r - 1), scores);
        Value out = OnnxOps.typed(g, "MatMul", w, v);
        if (group == 1) return out;
        long[] back = new long[rank];
        back[rank - 3] = heads;
        back[rank - 2] = -1;
        back[rank - 1] = staticDim(g, tv, rank - 1, "the value's last dim");
        return ShapeForms.reshape(g, out, g.constantLongs(back));
    }

    private static long staticDim(SymbolicContext g, Type t, int dim, String what) {
        if (t.symbol(dim) != null) {
            throw g.error(what + " is dynamic ('" + t.symbol(dim) + "')", "trace it as a fixed size: heads and head sizes are part of the model");
        }
        return t.shape()[dim];
    }

    /** A bool mask (true: attend) as 0 / -inf; before Where (opset 9), 0 / -FLT_MAX, which gives the same weights. */
    private static Value additive(SymbolicContext g, Value mask, DType d) {
        if (OnnxOps.dtype(g, mask) != DType.BOOL) return cast(g, mask, d);
        if (g.opset() >= 9) {
            return g.op("Where", mask, OnnxOps.scalar(g, 0.0, d), OnnxOps.scalar(g, Double.NEGATIVE_INFINITY, d)).output();
        }
        return OnnxOps.mulConst(g, OnnxOps.addConst(g, cast(g, mask, d), -1.0), Float.MAX_VALUE);
    }

    /** torch's is_causal: query i sees keys j <= i, upper-left aligned; a constant when L and S are traced fixed. */
    private static Value causalBias(SymbolicContext g, Type tq, Type tk, Value q, Value k, DType d) {
        int lq = tq.rank() - 2, sk = tk.rank() - 2;
        if (tq.symbol(lq) == null && tk.symbol(sk) == null) {
            long l = tq.shape()[lq], s = tk.shape()[sk];
            double[] bias = new double[(int) (l * s)];
            for (int i = 0; i < l; i++) for (int j = 0; j < s; j++) bias[(int) (i * s + j)] = j <= i ? 0 : Double.NEGATIVE_INFINITY;
            return g.constant(Tensor.of(bias, l, s).to(d));
        }
        OnnxOps.requireOpset(g, 11, "is_causal with a dynamic sequence length (made with Range)");
        Value zero = g.constant(Tensor.scalar(0L)), one = g.constant(Tensor.scalar(1L));
        Value rows = g.op("Range", zero, OnnxOps.size(g, q, lq), one).output();
        Value cols = g.op("Range", zero, OnnxOps.size(g, k, sk), one).output();
        Value keep = OnnxOps.lessOrEqual(g, unsqueeze(g, cols, 0), unsqueeze(g, rows, 1));
        return g.op("Where", keep, OnnxOps.scalar(g, 0.0, d), OnnxOps.scalar(g, Double.NEGATIVE_INFINITY, d)).output();
    }

    /** A mask against [..., kv, group, L, S] scores: a per-head dim split in two, a broadcast one given a group dim of 1. */
    private static Value groupedMask(SymbolicContext g, Value mask, Type t, long heads, long kv, long group) {
        int m = t.rank();
        if (m < 3) return mask;
        if (t.symbol(m - 3) == null && t.shape()[m - 3] == heads && heads != 1) {
            Value lead = ShapeForms.dims(g, mask, t, 0, m - 3), tail = ShapeForms.dims(g, mask, t, m - 2, m);
            return ShapeForms.reshape(g, mask, ShapeForms.concat(g, 0, lead, g.constantLongs(kv, group), tail));
        }
        return unsqueeze(g, mask, m - 2);
    }

    // ---- rotary_embedding(input [b, h, s, d], cos [b, s, r/2], sin [b, s, r/2], interleaved) -----------

    private static Value[] rotaryFused(SymbolicContext g) {
        DType d = outDtype(g, 0);
        long half = inType(g, 1).shape()[2], dim = inType(g, 0).shape()[3];
        SymbolicContext.NodeBuilder b = g.op("RotaryEmbedding", input(g, 0, d), input(g, 1, d), input(g, 2, d));
        if ((Boolean) g.constant(3)) b.attr("interleaved", 1L);
        if (2 * half != dim) b.attr("rotary_embedding_dim", 2 * half);
        return one(b.output());
    }

    private static Value rotaryDecomposed(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value x = input(g, 0, d), cos = input(g, 1, d), sin = input(g, 2, d);
        long half = inType(g, 1).shape()[2], dim = inType(g, 0).shape()[3], rot = 2 * half;
        Value[] parts = ShapeForms.split(g, x, 3, rot == dim ? new long[] {half, half} : new long[] {half, half, dim - rot});
        Value rotated;
        if ((Boolean) g.constant(3)) {
            // adjacent pairs: [b, h, s, r] as [b, h, s, r/2, 2], each of the pair [.., r/2, 1] against cos [b, 1, s, r/2, 1]
            Value head = rot == dim ? x : ShapeForms.concat(g, 3, parts[0], parts[1]);
            Value[] pair = ShapeForms.split(g, ShapeForms.reshape(g, head, g.constantLongs(0, 0, 0, half, 2)), 4, new long[] {1, 1});
            Value c = unsqueeze(g, cos, 1, 4), s = unsqueeze(g, sin, 1, 4);
            Value[] o = turn(g, pair[0], pair[1], c, s);
            rotated = ShapeForms.reshape(g, ShapeForms.concat(g, 4, o[0], o[1]), g.constantLongs(0, 0, 0, rot));
        } else {
            Value c = unsqueeze(g, cos, 1), s = unsqueeze(g, sin, 1);
            Value[] o = turn(g, parts[0], parts[1], c, s);
            rotated = ShapeForms.concat(g, 3, o[0], o[1]);
        }
        return rot == dim ? rotated : ShapeForms.concat(g, 3, rotated, parts[2]);
    }

    /** (x1 cos - x2 sin, x2 cos + x1 sin). */
    private static Value[] turn(SymbolicContext g, Value x1, Value x2, Value c, Value s) {
        return new Value[] {OnnxOps.sub(g, mul(g, x1, c), mul(g, x2, s)), OnnxOps.add(g, mul(g, x2, c), mul(g, x1, s))};
    }
}
