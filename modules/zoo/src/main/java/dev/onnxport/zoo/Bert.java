package dev.onnxport.zoo;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ModuleList;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * {@code models.py: Bert}: word, position and token-type embeddings with a norm, {@link TransformerBlock}s
 * masked by a 0/1 attention mask, and a tanh pooler on the first token. Inputs: ids and mask (B, T);
 * outputs: hidden states (B, T, d) and pooled (B, d).
 *
 * <p>{@link Config#BERT_BASE} scales this one architecture to BERT-base's sizes (109,482,240 parameters); it
 * is not Hugging Face's {@code BertModel} layout, which normalizes after each residual (eps 1e-12), uses the
 * exact erf GELU, has separate query/key/value projections under other names
 * ({@code encoder.layer.N.attention.self.query}, ...) and takes token-type ids as an input. A Hugging Face
 * checkpoint does not load here unchanged.
 */
public final class Bert extends Module {
    /** Vocabulary, context length, width, layers, heads; {@link #TINY} is the fixture's tiny_bert. */
    public record Config(long vocab, long ctx, long d, int layers, long heads) {
        public static final Config TINY = new Config(1000, 64, 64, 2, 4);
        /** BERT-base ("110M") sizes, uncased vocabulary. */
        public static final Config BERT_BASE = new Config(30522, 512, 768, 12, 12);
    }

    private final Embedding word, pos, tokType;
    private final LayerNorm embLn;
    private final ModuleList<TransformerBlock> layers;
    private final Linear pool;

    public Bert() { this(Config.TINY); }

    public Bert(Config c) {
        word = registerModule("word", new Embedding(c.vocab(), c.d()));
        pos = registerModule("pos", new Embedding(c.ctx(), c.d()));
        tokType = registerModule("tok_type", new Embedding(2, c.d()));
        embLn = registerModule("emb_ln", new LayerNorm(c.d()));
        layers = registerModule("layers", new ModuleList<>());
        for (int i = 0; i < c.layers(); i++) layers.add(new TransformerBlock(c.d(), c.heads()));
        pool = registerModule("pool", new Linear(c.d(), c.d()));
    }

    /** Returns {hidden states, pooled output}. */
    public Tensor[] forward(Tensor inputIds, Tensor attentionMask) { return scoped(() -> compute(inputIds, attentionMask)); }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 2) throw new IllegalArgumentException("Bert takes (input_ids, attention_mask), got " + in.length + " tensors");
        return forward(in[0], in[1]);
    }

    private Tensor[] compute(Tensor ids, Tensor attentionMask) {
        SymInt t = ids.symSize(1);
        Tensor positions = F.unsqueeze(F.arange(t, DType.INT64), 0);
        Tensor x = F.add(F.add(word.forward(ids), pos.forward(positions)), tokType.forward(F.zerosLike(ids)));
        x = embLn.forward(x);
        // (1.0 - mask[:, None, None, :].float()) * -10000.0
        Tensor m = F.to(F.unsqueeze(F.unsqueeze(attentionMask, 1), 2), DType.FLOAT32);
        Tensor maskAdd = F.mul(F.rsub(m, 1.0), -10000.0);
        for (TransformerBlock l : layers) x = l.forward(x, maskAdd);
        return new Tensor[] {x, F.tanh(pool.forward(F.select(x, 1, 0)))};
    }
}
