package dev.onnxport.zoo;

import dev.onnxport.nn.F;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * {@code models.py: Block}: pre-norm self-attention with an additive mask, then a tanh-GELU MLP. Sizes are
 * read as SymInts, so a traced graph reshapes by the run-time batch and sequence length.
 */
public final class TransformerBlock extends Module {
    private final long heads;
    private final LayerNorm ln1, ln2;
    private final Linear attnQkv, attnProj, mlpFc, mlpProj;

    public TransformerBlock(long d, long heads) {
        if (d % heads != 0) throw new IllegalArgumentException("TransformerBlock: width " + d + " not divisible by " + heads + " heads");
        this.heads = heads;
        ln1 = registerModule("ln_1", new LayerNorm(d));
        attnQkv = registerModule("attn_qkv", new Linear(d, 3 * d));
        attnProj = registerModule("attn_proj", new Linear(d, d));
        ln2 = registerModule("ln_2", new LayerNorm(d));
        mlpFc = registerModule("mlp_fc", new Linear(d, 4 * d));
        mlpProj = registerModule("mlp_proj", new Linear(4 * d, d));
    }

    /** {@code x} (B, T, C); {@code maskAdd} broadcasts to the (B, heads, T, T) scores. */
    public Tensor forward(Tensor x, Tensor maskAdd) { return scoped(() -> compute(x, maskAdd)); }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 2) throw new IllegalArgumentException("TransformerBlock takes (x, mask_add), got " + in.length + " tensors");
        return forward(in[0], in[1]);
    }

    private Tensor compute(Tensor x, Tensor maskAdd) {
        SymInt b = x.symSize(0), t = x.symSize(1), c = x.symSize(2);
        SymInt h = SymInt.of(heads), hd = c.floorDiv(heads);
        Tensor[] qkv = F.split(attnQkv.forward(ln1.forward(x)), c.value(), 2);
        Tensor q = F.transpose(F.view(qkv[0], b, t, h, hd), 1, 2);
        Tensor k = F.transpose(F.view(qkv[1], b, t, h, hd), 1, 2);
        Tensor v = F.transpose(F.view(qkv[2], b, t, h, hd), 1, 2);
        // softmax(q k^T / sqrt(hd) + mask) v: one op, so that from opset 23 it exports as one Attention node
        Tensor y = F.reshape(F.transpose(F.scaledDotProductAttention(q, k, v, maskAdd), 1, 2), b, t, c);
        x = F.add(x, attnProj.forward(y));
        return F.add(x, mlpProj.forward(F.gelu(mlpFc.forward(ln2.forward(x)), "tanh")));
    }
}
