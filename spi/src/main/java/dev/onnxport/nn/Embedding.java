package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)}: weight [num, dim] drawn from
 * N(0, 1), with the padding row zeroed as PyTorch does.
 */
public final class Embedding extends UnaryModule {
    private final long numEmbeddings;
    private final long paddingIdx;  // -1 for none, as aten::embedding takes it
    private final Parameter weight;

    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, null); }

    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) {
        this.numEmbeddings = numEmbeddings;
        Tensor w = Init.normal(0, 1, numEmbeddings, embeddingDim);
        if (paddingIdx != null) {
            long p = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
            if (p < 0 || p >= numEmbeddings) {
                throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " out of range for " + numEmbeddings + " embeddings");
            }
            if (!w.isMeta()) for (long j = 0; j < embeddingDim; j++) w.setDouble(0, p, j);
            this.paddingIdx = p;
        } else {
            this.paddingIdx = -1;
        }
        weight = registerParameter("weight", w);
    }

    public long numEmbeddings() { return numEmbeddings; }
    public Tensor weight() { return weight.get(); }

    @Override protected Tensor compute(Tensor x) { return F.embedding(x, weight.get(), paddingIdx); }
}
