package dev.onnxport.zoo;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.ModuleList;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * {@code models.py: GPT}: token and learned position embeddings, causal {@link TransformerBlock}s, final
 * norm and an untied head. Input: token ids (B, T); output: logits (B, T, vocab).
 *
 * <p>{@link Config#GPT2} scales this one architecture to GPT-2 small's sizes; it is not Hugging Face's
 * {@code GPT2LMHeadModel} layout. There the head is tied to {@code wte} (124,439,808 parameters, counting the
 * shared matrix once), attention and MLP weights are {@code Conv1D} ({@code [in, out]}, transposed against
 * {@code nn.Linear}) under other names ({@code attn.c_attn}, {@code mlp.c_proj}, ...) and there is an
 * attention bias buffer. Here {@code lm_head} is its own matrix, so the model has 163,037,184 parameters,
 * and a Hugging Face checkpoint needs renaming, transposing and a copy of {@code wte} into {@code lm_head}.
 */
public final class Gpt extends UnaryModule {
    /** Vocabulary, context length, width, layers, heads; {@link #TINY} is the fixture's tiny_gpt. */
    public record Config(long vocab, long ctx, long d, int layers, long heads) {
        public static final Config TINY = new Config(1000, 64, 64, 2, 4);
        /** GPT-2 small ("124M") sizes. */
        public static final Config GPT2 = new Config(50257, 1024, 768, 12, 12);
    }

    private final Embedding wte, wpe;
    private final ModuleList<TransformerBlock> h;
    private final LayerNorm lnF;
    private final Linear lmHead;

    public Gpt() { this(Config.TINY); }

    public Gpt(Config c) {
        wte = registerModule("wte", new Embedding(c.vocab(), c.d()));
        wpe = registerModule("wpe", new Embedding(c.ctx(), c.d()));
        h = registerModule("h", new ModuleList<>());
        for (int i = 0; i < c.layers(); i++) h.add(new TransformerBlock(c.d(), c.heads()));
        lnF = registerModule("ln_f", new LayerNorm(c.d()));
        lmHead = registerModule("lm_head", new Linear(c.d(), c.vocab(), false));
    }

    @Override
    protected Tensor compute(Tensor idx) {
        SymInt t = idx.symSize(1);
        Tensor pos = F.unsqueeze(F.arange(t, DType.INT64), 0);
        Tensor x = F.add(wte.forward(idx), wpe.forward(pos));
        Tensor mask = F.triu(F.full(new SymInt[] {t, t}, Double.NEGATIVE_INFINITY), 1);
        for (TransformerBlock b : h) x = b.forward(x, mask);
        return lmHead.forward(lnF.forward(x));
    }
}
