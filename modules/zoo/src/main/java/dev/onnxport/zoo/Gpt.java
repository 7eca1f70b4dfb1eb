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
 */
public final class Gpt extends UnaryModule {
    /** Sizes; {@link #TINY} is the fixture's tiny_gpt. */
    public record Config(long vocab, long ctx, long d, int layers, long heads) {
        public static final Config TINY = new Config(1000, 64, 64, 2, 4);
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
