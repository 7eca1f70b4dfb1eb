package dev.onnxport.nn;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode="mean", include_last_offset=False, padding_idx=None)}:
 * sums, averages or takes the maximum of the embeddings of each bag, with weight [num, dim] drawn from N(0, 1) (the
 * padding row zeroed). Options by name: {@code EmbeddingBag.builder(10, 4).mode("sum").paddingIdx(0L).build()};
 * {@code max_norm}, {@code scale_grad_by_freq} and {@code sparse} are not supported.
 *
 * <p>Bags are the rows of a 2-D input (B, L), or given by {@code offsets} (B, or B + 1 with include_last_offset)
 * into a 1-D input. Entries equal to padding_idx are left out (of the mean's count too); an empty bag gives zeros.
 * {@code per_sample_weights} (same shape as the input) scale the embeddings in mode "sum" only. Composed from
 * embedding, comparisons and a matrix product (bag membership as a 0/1 matrix), so it traces and exports with a
 * dynamic number of indices.
 */
public final class EmbeddingBag extends Module {
    private final long numEmbeddings;
    private final String mode;
    private final boolean includeLastOffset;
    private final Long paddingIdx;
    private final Parameter weight;

    public EmbeddingBag(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, "mean", false, null); }

    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset, Long paddingIdx) {
        if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
            throw new IllegalArgumentException("EmbeddingBag: mode must be sum, mean or max, got '" + mode + "'");
        }
        this.numEmbeddings = numEmbeddings;
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
        Tensor w = Init.normal(0, 1, numEmbeddings, embeddingDim);
        if (paddingIdx != null) {
            long p = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
            if (p < 0 || p >= numEmbeddings) {
                throw new IllegalArgumentException("EmbeddingBag: padding_idx " + paddingIdx + " out of range for " + numEmbeddings + " embeddings");
            }
            if (!w.isMeta()) for (long j = 0; j < embeddingDim; j++) w.setDouble(0, p, j);
            this.paddingIdx = p;
        } else {
            this.paddingIdx = null;
        }
        weight = registerParameter("weight", w);
    }

    public static Builder builder(long numEmbeddings, long embeddingDim) { return new Builder(numEmbeddings, embeddingDim); }

    /** Options by name, PyTorch's defaults otherwise. */
    public static final class Builder {
        private final long numEmbeddings, embeddingDim;
        private String mode = "mean";
        private boolean includeLastOffset;
        private Long paddingIdx;

        Builder(long numEmbeddings, long embeddingDim) {
            this.numEmbeddings = numEmbeddings;
            this.embeddingDim = embeddingDim;
        }

        public Builder mode(String v) { mode = v; return this; }
        public Builder includeLastOffset(boolean v) { includeLastOffset = v; return this; }
        public Builder paddingIdx(Long v) { paddingIdx = v; return this; }
        public EmbeddingBag build() { return new EmbeddingBag(numEmbeddings, embeddingDim, mode, includeLastOffset, paddingIdx); }
    }

    public Tensor weight() { return weight.get(); }

    /** A 2-D input, each row one bag. */
    public Tensor forward(Tensor input) { return forward(input, null, null); }

    /** {@code offsets} is null for a 2-D input; {@code perSampleWeights} may be null. */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return scoped(() -> compute(input, offsets, perSampleWeights));
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length >= 1 && in.length <= 3) return forward(in[0], in.length > 1 ? in[1] : null, in.length > 2 ? in[2] : null);
        throw new IllegalArgumentException("EmbeddingBag takes (input[, offsets[, per_sample_weights]]), got " + in.length + " tensors");
    }

    private Tensor compute(Tensor input, Tensor offsets, Tensor psw) {
        if (psw != null && !mode.equals("sum")) {
            throw new IllegalArgumentException("EmbeddingBag: per_sample_weights is only supported for mode='sum', got mode='" + mode + "'");
        }
        Tensor membership;  // (B, n) float: 1 where index j belongs to bag b
        Tensor flat;
        if (input.dim() == 2) {
            if (offsets != null) throw new IllegalArgumentException("EmbeddingBag: offsets must be null for a 2-D input");
            return rows(input, psw);
        }
        if (input.dim() != 1 || offsets == null || offsets.dim() != 1) {
            throw new IllegalArgumentException("EmbeddingBag: expected a 2-D input, or a 1-D input with 1-D offsets; got " + input
                    + (offsets == null ? "" : " and offsets " + offsets));
        }
        flat = input;
        Tensor starts = includeLastOffset ? F.slice(offsets, 0, 0L, -1L, 1) : offsets;
        // bag id of position j = number of offsets <= j, minus 1 (with include_last_offset, positions past the last
        // offset get the id B and belong to no bag)
        Tensor pos = F.unsqueeze(F.arange(input.symSize(0), DType.INT64), 0);
        Tensor bag = F.sub(F.sum(F.to(F.ge(pos, F.unsqueeze(offsets, 1)), DType.INT64), 0, false), 1);
        Tensor ids = F.unsqueeze(F.arange(starts.symSize(0), DType.INT64), 1);
        membership = F.to(F.eq(F.unsqueeze(bag, 0), ids), DType.FLOAT32);
        if (paddingIdx != null) membership = F.mul(membership, F.unsqueeze(notPadding(flat), 0));
        Tensor emb = F.embedding(flat, weight.get());                                  // (n, D)
        if (mode.equals("max")) {
            Tensor member = F.unsqueeze(F.gt(membership, 0.5), 2);                     // (B, n, 1)
            Tensor masked = F.where(member, F.unsqueeze(emb, 0), Double.NEGATIVE_INFINITY);
            Tensor count = F.sum(membership, 1, true);
            return F.where(F.gt(count, 0.5), F.amax(masked, new long[] {1}, false), 0.0);
        }
        Tensor m = psw == null ? membership : F.mul(membership, F.unsqueeze(psw, 0));
        Tensor sum = F.matmul(m, emb);
        if (mode.equals("sum")) return sum;
        return F.div(sum, F.clamp(F.sum(membership, 1, true), 1.0, null));
    }

    private Tensor notPadding(Tensor idx) { return F.to(F.ne(idx, paddingIdx), DType.FLOAT32); }

    /** Fixed-size bags, one per row of a 2-D input (B, L). */
    private Tensor rows(Tensor input, Tensor psw) {
        Tensor emb = F.embedding(input, weight.get());                                 // (B, L, D)
        if (paddingIdx == null) {
            return switch (mode) {
                case "sum" -> F.sum(psw == null ? emb : F.mul(emb, F.unsqueeze(psw, 2)), 1, false);
                case "mean" -> F.mean(emb, 1, false);
                default -> F.amax(emb, new long[] {1}, false);
            };
        }
        Tensor keep = notPadding(input);                                               // (B, L)
        Tensor count = F.sum(keep, 1, true);                                           // (B, 1)
        if (mode.equals("max")) {
            Tensor masked = F.where(F.unsqueeze(F.gt(keep, 0.5), 2), emb, Double.NEGATIVE_INFINITY);
            return F.where(F.gt(count, 0.5), F.amax(masked, new long[] {1}, false), 0.0);
        }
        Tensor w = psw == null ? keep : F.mul(keep, psw);
        Tensor sum = F.sum(F.mul(emb, F.unsqueeze(w, 2)), 1, false);
        return mode.equals("sum") ? sum : F.div(sum, F.clamp(count, 1.0, null));
    }
}
