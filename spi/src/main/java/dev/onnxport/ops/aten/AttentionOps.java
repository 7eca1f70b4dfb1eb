package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * The three parts of a transformer layer that ONNX fuses from opset 23, each one op so that the lowering can
 * emit RMSNormalization, Attention and RotaryEmbedding there and the same arithmetic below:
 * {@code aten::rms_norm} and {@code aten::scaled_dot_product_attention} with torch 2.5's schemas, and
 * {@code onnxport::rotary_embedding} (torch has no rotary op; this is ONNX's RotaryEmbedding without position ids).
 * Each is made of ops whose kernels the fixtures check.
 */
final class AttentionOps {
    private AttentionOps() {}

    static final String RMS_NORM = "aten::rms_norm(Tensor input, SymInt[] normalized_shape, Tensor? weight=None, float? eps=None) -> Tensor";
    static final String SDPA = "aten::scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, "
            + "float dropout_p=0.0, bool is_causal=False, *, float? scale=None, bool enable_gqa=False) -> Tensor";
    static final String ROTARY = "onnxport::rotary_embedding(Tensor input, Tensor cos, Tensor sin, bool interleaved=False) -> Tensor";

    static void register(OpRegistry r) {
        composite(r, RMS_NORM, AttentionOps::rmsNorm);
        composite(r, SDPA, AttentionOps::attention);
        composite(r, ROTARY, AttentionOps::rotary);
    }

    // ---- rms_norm ---------------------------------------------------------------------------------

    /** {@code x / sqrt(mean(x^2) + eps) * weight} over the trailing normalized dims, in the order transformers computes it. */
    private static Tensor rmsNorm(Args a) {
        String op = "aten::rms_norm";
        Tensor x = a.tensor(0);
        long[] ns = a.ints(1);
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
        long[] shape = x.shape();
        if (ns.length < 1 || ns.length > shape.length || !Arrays.equals(ns, Arrays.copyOfRange(shape, shape.length - ns.length, shape.length))) {
            throw new IllegalArgumentException(op + ": normalized_shape " + Arrays.toString(ns)
                    + " must be non-empty and equal the trailing dims of input shape " + Arrays.toString(shape));
        }
        Tensor w = a.tensor(2);
        if (w != null && !Arrays.equals(w.shape(), ns)) {
            throw new IllegalArgumentException(op + ": weight has shape " + Arrays.toString(w.shape()) + ", expected normalized_shape "
                    + Arrays.toString(ns));
        }
        long[] dims = new long[ns.length];
        for (int k = 0; k < dims.length; k++) dims[k] = shape.length - ns.length + k;
        Tensor meanSquare = call("aten::mean.dim", call("aten::mul.Tensor", x, x), dims, true);
        Tensor y = call("aten::mul.Tensor", x, call("aten::rsqrt", call("aten::add.Scalar", meanSquare, a.isNone(3) ? x.dtype().machineEpsilon() : a.real(3))));
        return w == null ? y : call("aten::mul.Tensor", w, y);
    }

    // ---- scaled_dot_product_attention ---------------------------------------------------------------

    /**
     * softmax(q k' * scale + mask) v. With enable_gqa each key/value head serves {@code heads / kv_heads} query heads
     * by broadcasting ([..., kv, group, L, E] against [..., kv, 1, S, E]), not by a repeated copy.
     */
    private static Tensor attention(Args a) {
        String op = "aten::scaled_dot_product_attention";
        Tensor q = a.tensor(0), k = a.tensor(1), v = a.tensor(2), mask = a.tensor(3);
        if (a.real(4) != 0) {
            throw new IllegalArgumentException(op + ": dropout_p is " + a.real(4) + "; onnxport exports inference graphs: pass dropout_p=0 "
                    + "(as modules do in eval mode)");
        }
        boolean causal = a.bool(5), gqa = a.bool(7);
        if (q.dim() < 2 || k.dim() != q.dim() || v.dim() != q.dim()) {
            throw new IllegalArgumentException(op + ": query, key and value need the same rank (at least 2: [..., L, E]), got "
                    + Arrays.toString(q.shape()) + ", " + Arrays.toString(k.shape()) + ", " + Arrays.toString(v.shape()));
        }
        if (!q.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": query must be floating point, got " + q.dtype());
        if (k.size(-1) != q.size(-1) || v.size(-2) != k.size(-2)) {
            throw new IllegalArgumentException(op + ": key must be [..., S, " + q.size(-1) + "] and value [..., S, Ev], got key "
                    + Arrays.toString(k.shape()) + " and value " + Arrays.toString(v.shape()));
        }
        if (causal && mask != null) throw new IllegalArgumentException(op + ": give attn_mask or is_causal, not both (as torch)");
        long group = 1;
        if (gqa) {
            if (q.dim() < 3) throw new IllegalArgumentException(op + ": enable_gqa needs heads at dim -3: [..., heads, L, E]");
            long hq = q.size(-3), hk = k.size(-3);
            if (hq % hk != 0 || v.size(-3) != hk) {
                throw new IllegalArgumentException(op + ": enable_gqa needs query heads (" + hq + ") a multiple of key heads (" + hk
                        + ") and value heads equal to key heads (" + v.size(-3) + ")");
            }
            group = hq / hk;
        }
        double scale = a.isNone(6) ? 1 / Math.sqrt(q.size(-1)) : a.real(6);
        long l = q.size(-2), s = k.size(-2);
        Tensor q5 = q, k5 = k, v5 = v;
        if (group > 1) {
            q5 = call("aten::reshape", q, grouped(q.shape(), k.size(-3), group));
            k5 = call("aten::unsqueeze", k, -3L);
            v5 = call("aten::unsqueeze", v, -3L);
        }
        Tensor scores = call("aten::mul.Scalar", call("aten::matmul", q5, call("aten::transpose.int", k5, -2L, -1L)), scale);
        Tensor bias = causal ? causalBias(l, s, q.dtype()) : mask == null ? null : additive(mask, q.dtype());
        if (bias != null) scores = call("aten::add.Tensor", scores, group > 1 ? groupedMask(bias, q.size(-3), k.size(-3), group) : bias);
        Tensor out = call("aten::matmul", call("aten::softmax.int", scores, -1L, null), v5);
        if (group == 1) return out;
        long[] shape = q.shape().clone();
        shape[shape.length - 1] = v.size(-1);
        return call("aten::reshape", out, shape);
    }

    /** [..., heads, L, E] as [..., kv, group, L, E]. */
    private static long[] grouped(long[] shape, long kv, long group) {
        int n = shape.length;
        long[] g = new long[n + 1];
        System.arraycopy(shape, 0, g, 0, n - 3);
        g[n - 3] = kv;
        g[n - 2] = group;
        g[n - 1] = shape[n - 2];
        g[n] = shape[n - 1];
        return g;
    }

    /** A mask against grouped scores: a per-head dim split into [kv, group], a broadcast head dim given a group dim of 1. */
    private static Tensor groupedMask(Tensor mask, long heads, long kv, long group) {
        if (mask.dim() < 3) return mask;
        if (mask.size(-3) == heads && heads != 1) return call("aten::reshape", mask, grouped(mask.shape(), kv, group));
        return call("aten::unsqueeze", mask, -3L);
    }

    /** torch's is_causal: query i sees keys j <= i (the upper-left triangle, also when S differs from L). */
    private static Tensor causalBias(long l, long s, DType d) {
        Tensor keep = call("aten::le.Tensor", call("aten::unsqueeze", call("aten::arange", s), 0L),
                call("aten::unsqueeze", call("aten::arange", l), 1L));
        return additive(keep, d);
    }

    /** A bool mask (true: attend) as 0 / -inf, a float mask as it is. */
    private static Tensor additive(Tensor mask, DType d) {
        if (mask.dtype() != DType.BOOL) return mask;
        Tensor zeros = call("aten::mul.Scalar", call("aten::to.dtype", mask, d), 0.0);
        return call("aten::masked_fill.Scalar", zeros, call("aten::logical_not", mask), Double.NEGATIVE_INFINITY);
    }

    // ---- rotary_embedding ---------------------------------------------------------------------------

    /**
     * x [batch, heads, seq, head_dim] rotated by cos/sin [batch, seq, rotary_dim / 2]: the first rotary_dim
     * features as halves (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin), or as adjacent pairs when interleaved;
     * the features past rotary_dim pass through.
     */
    private static Tensor rotary(Args a) {
        String op = "onnxport::rotary_embedding";
        Tensor x = a.tensor(0), cos = a.tensor(1), sin = a.tensor(2);
        boolean interleaved = a.bool(3);
        if (x.dim() != 4 || cos.dim() != 3 || !Arrays.equals(cos.shape(), sin.shape())) {
            throw new IllegalArgumentException(op + ": input must be [batch, heads, seq, head_dim] and cos, sin equal [batch, seq, "
                    + "rotary_dim/2], got " + Arrays.toString(x.shape()) + ", " + Arrays.toString(cos.shape()) + ", " + Arrays.toString(sin.shape()));
        }
        long half = cos.size(-1), rot = 2 * half, d = x.size(-1);
        if (rot > d || cos.size(1) != x.size(2) || (cos.size(0) != x.size(0))) {
            throw new IllegalArgumentException(op + ": cos [batch, seq, rotary_dim/2] = " + Arrays.toString(cos.shape())
                    + " does not fit input " + Arrays.toString(x.shape()) + " (same batch and seq, rotary_dim <= head_dim)");
        }
        Tensor c = call("aten::unsqueeze", cos, 1L), s = call("aten::unsqueeze", sin, 1L);
        Tensor head = rot == d ? x : call("aten::slice.Tensor", x, -1L, 0L, rot, 1L);
        Tensor rotated;
        if (interleaved) {
            long[] pairs = x.shape().clone();
            pairs[3] = half;
            long[] pairShape = Arrays.copyOf(pairs, 5);
            pairShape[4] = 2;
            Tensor p = call("aten::reshape", head, pairShape);
            Tensor x1 = call("aten::select.int", p, -1L, 0L), x2 = call("aten::select.int", p, -1L, 1L);
            Tensor o1 = call("aten::sub.Tensor", call("aten::mul.Tensor", x1, c), call("aten::mul.Tensor", x2, s));
            Tensor o2 = call("aten::add.Tensor", call("aten::mul.Tensor", x2, c), call("aten::mul.Tensor", x1, s));
            long[] flat = x.shape().clone();
            flat[3] = rot;
            rotated = call("aten::reshape", call("aten::stack", new Tensor[] {o1, o2}, -1L), flat);
        } else {
            Tensor x1 = call("aten::slice.Tensor", head, -1L, 0L, half, 1L), x2 = call("aten::slice.Tensor", head, -1L, half, rot, 1L);
            Tensor o1 = call("aten::sub.Tensor", call("aten::mul.Tensor", x1, c), call("aten::mul.Tensor", x2, s));
            Tensor o2 = call("aten::add.Tensor", call("aten::mul.Tensor", x2, c), call("aten::mul.Tensor", x1, s));
            rotated = call("aten::cat", new Tensor[] {o1, o2}, -1L);
        }
        return rot == d ? rotated : call("aten::cat", new Tensor[] {rotated, call("aten::slice.Tensor", x, -1L, rot, d, 1L)}, -1L);
    }
}
