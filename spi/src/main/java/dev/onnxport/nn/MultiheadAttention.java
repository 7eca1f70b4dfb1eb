package dev.onnxport.nn;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.MultiheadAttention(embed_dim, num_heads, dropout=0, bias=True, batch_first=False)} with equal
 * query, key and value dims: parameters in_proj_weight [3E, E], in_proj_bias [3E], out_proj.weight and
 * out_proj.bias. Inputs are (L, N, E), or (N, L, E) with batch_first; batched inputs only.
 *
 * <p>Masks follow PyTorch: {@code attnMask} (L, S) or (N * heads, L, S) and {@code keyPaddingMask} (N, S)
 * are either bool (true = not allowed to attend) or float (added to the scores).
 *
 * <p>Without the attention weights ({@code needWeights} false, as the Transformer layers call it) and without
 * training-time dropout, the heads attend through one {@link F#scaledDotProductAttention}, as in torch 2, so that from
 * opset 23 the export holds one Attention node; with the weights, the explicit softmax of torch 1.13's form.
 */
public final class MultiheadAttention extends Module {
    private final long embedDim, numHeads, headDim;
    private final double dropout;
    private final boolean batchFirst;
    private final Parameter inProjWeight, inProjBias;
    private final Linear outProj;

    public MultiheadAttention(long embedDim, long numHeads) { this(embedDim, numHeads, 0.0, true, false); }

    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, boolean batchFirst) {
        if (numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " must be divisible by num_heads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform(embedDim, 3 * embedDim, 3 * embedDim, embedDim));
        inProjBias = registerParameter("in_proj_bias", bias ? Init.zeros(3 * embedDim) : null);
        outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias));
        if (bias && !Init.isWithoutData()) zeroBias(outProj);  // PyTorch zeroes out_proj.bias, keeping its default weight init
    }

    /** {@code MultiheadAttention.builder(64, 8).batchFirst(true).bias(false).build()}: options by name, PyTorch's defaults otherwise. */
    public static Builder builder(long embedDim, long numHeads) { return new Builder(embedDim, numHeads); }

    /** Options of {@link MultiheadAttention} by name. */
    public static final class Builder {
        private final long embedDim, numHeads;
        private double dropout;
        private boolean bias = true, batchFirst;

        Builder(long embedDim, long numHeads) {
            this.embedDim = embedDim;
            this.numHeads = numHeads;
        }

        public Builder dropout(double v) { dropout = v; return this; }
        public Builder bias(boolean v) { bias = v; return this; }
        public Builder batchFirst(boolean v) { batchFirst = v; return this; }
        public MultiheadAttention build() { return new MultiheadAttention(embedDim, numHeads, dropout, bias, batchFirst); }
    }

    private static void zeroBias(Linear l) {
        Tensor b = l.bias();
        for (long i = 0; i < b.numel(); i++) b.setDouble(0.0, i);
    }

    /** Self- or cross-attention without masks; returns {output, attention weights averaged over heads}. */
    public Tensor[] forward(Tensor query, Tensor key, Tensor value) { return forward(query, key, value, null, true, null, true); }

    /**
     * PyTorch's forward. Returns {output, weights} when {@code needWeights} ((N, L, S) averaged over heads,
     * or (N, heads, L, S)), else {output}.
     */
    public Tensor[] forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                            Tensor attnMask, boolean averageAttnWeights) {
        return scoped(() -> compute(query, key, value, keyPaddingMask, needWeights, attnMask, averageAttnWeights));
    }

    /** (query) for self-attention, or (query, key, value). */
    @Override
    public Object invoke(Tensor... in) {
        if (in.length == 1) return forward(in[0], in[0], in[0]);
        if (in.length == 3) return forward(in[0], in[1], in[2]);
        throw new IllegalArgumentException("MultiheadAttention takes (query) or (query, key, value), got " + in.length + " tensors");
    }

    private Tensor[] compute(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                             Tensor attnMask, boolean average) {
        for (Tensor t : new Tensor[] {query, key, value}) {
            if (t.dim() != 3 || t.size(2) != embedDim) {
                throw new IllegalArgumentException("MultiheadAttention: expected batched 3D inputs with last dim " + embedDim + ", got " + t);
            }
        }
        boolean self = query == key && key == value;
        Tensor q = batchFirst ? F.transpose(query, 1, 0) : query;
        Tensor k = self ? q : batchFirst ? F.transpose(key, 1, 0) : key;
        Tensor v = self ? q : batchFirst ? F.transpose(value, 1, 0) : value;
        SymInt tgtLen = q.symSize(0), batch = q.symSize(1), srcLen = k.symSize(0);
        SymInt batchHeads = batch.mul(numHeads);

        Tensor[] qkv;
        if (self) {
            qkv = F.chunk(F.linear(q, inProjWeight.get(), inProjBias.get()), 3, -1);
        } else {
            Tensor[] w = F.chunk(inProjWeight.get(), 3, 0);
            Tensor[] b = inProjBias.get() == null ? new Tensor[3] : F.chunk(inProjBias.get(), 3, 0);
            qkv = new Tensor[] {F.linear(q, w[0], b[0]), F.linear(k, w[1], b[1]), F.linear(v, w[2], b[2])};
        }
        SymInt hd = SymInt.of(headDim);
        if (!needWeights && !(dropout > 0 && isTraining())) {
            return new Tensor[] {fused(qkv, tgtLen, srcLen, batch, keyPaddingMask, attnMask)};
        }
        q = F.transpose(F.reshape(qkv[0], tgtLen, batchHeads, hd), 0, 1);
        k = F.transpose(F.reshape(qkv[1], srcLen, batchHeads, hd), 0, 1);
        v = F.transpose(F.reshape(qkv[2], srcLen, batchHeads, hd), 0, 1);

        Tensor mask = attnMask == null ? null : additive(attnMask.dim() == 2 ? F.unsqueeze(attnMask, 0) : attnMask);
        if (keyPaddingMask != null) {
            Tensor kpm = F.reshape(F.expand(F.view(additive(keyPaddingMask), batch, SymInt.of(1), SymInt.of(1), srcLen),
                    batch, SymInt.of(numHeads), SymInt.of(-1), SymInt.of(-1)), batchHeads, SymInt.of(1), srcLen);
            mask = mask == null ? kpm : F.add(mask, kpm);
        }
        q = F.div(q, Math.sqrt(headDim));
        Tensor kt = F.transpose(k, -2, -1);
        Tensor att = F.softmax(mask == null ? F.bmm(q, kt) : F.baddbmm(mask, q, kt), -1);
        if (dropout > 0 && isTraining()) att = F.dropout(att, dropout, true);
        Tensor out = F.transpose(F.bmm(att, v), 0, 1);
        out = F.linear(F.reshape(out, tgtLen.mul(batch), SymInt.of(embedDim)), outProj.weight(), outProj.bias());
        out = F.view(out, tgtLen, batch, SymInt.of(embedDim));
        if (batchFirst) out = F.transpose(out, 1, 0);
        if (!needWeights) return new Tensor[] {out};
        Tensor w = F.view(att, batch, SymInt.of(numHeads), tgtLen, srcLen);
        return new Tensor[] {out, average ? F.mean(w, 1, false) : w};
    }

    /**
     * Without the weights, as torch 2 does: one {@code F.scaledDotProductAttention} over [batch, heads, len, head_dim],
     * which exports as one Attention node from opset 23. The masks become one additive mask that broadcasts to
     * [batch, heads, L, S]: attn_mask [L, S] as it is, [batch * heads, L, S] as [batch, heads, L, S], and the key
     * padding mask [batch, S] as [batch, 1, 1, S].
     */
    private Tensor fused(Tensor[] qkv, SymInt tgtLen, SymInt srcLen, SymInt batch, Tensor keyPaddingMask, Tensor attnMask) {
        SymInt h = SymInt.of(numHeads), hd = SymInt.of(headDim);
        Tensor q = F.permute(F.reshape(qkv[0], tgtLen, batch, h, hd), 1, 2, 0, 3);
        Tensor k = F.permute(F.reshape(qkv[1], srcLen, batch, h, hd), 1, 2, 0, 3);
        Tensor v = F.permute(F.reshape(qkv[2], srcLen, batch, h, hd), 1, 2, 0, 3);
        Tensor mask = null;
        if (attnMask != null) {
            mask = additive(attnMask);
            if (mask.dim() == 3) mask = F.reshape(mask, batch, h, tgtLen, srcLen);
        }
        if (keyPaddingMask != null) {
            Tensor kpm = F.view(additive(keyPaddingMask), batch, SymInt.of(1), SymInt.of(1), srcLen);
            mask = mask == null ? kpm : F.add(mask, kpm);
        }
        Tensor out = F.scaledDotProductAttention(q, k, v, mask);                      // [batch, heads, L, head_dim]
        out = F.reshape(F.permute(out, 2, 0, 1, 3), tgtLen.mul(batch), SymInt.of(embedDim));
        out = F.view(F.linear(out, outProj.weight(), outProj.bias()), tgtLen, batch, SymInt.of(embedDim));
        return batchFirst ? F.transpose(out, 1, 0) : out;
    }

    // A bool mask (true = masked) becomes 0 / -inf to add to the scores; a float mask is already additive.
    private static Tensor additive(Tensor mask) {
        if (mask.dtype() != DType.BOOL) return mask;
        return F.maskedFill(F.zerosLike(mask, DType.FLOAT32), mask, Double.NEGATIVE_INFINITY);
    }
}
