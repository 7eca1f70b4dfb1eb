package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-5, batch_first=False, norm_first=False)}: self-attention, attention over the memory and a
 * feed-forward block, each with a residual connection and a LayerNorm. Children and state-dict keys as PyTorch:
 * self_attn, multihead_attn, linear1, dropout, linear2, norm1..3, dropout1..3. Options by name: {@link #builder}.
 */
public final class TransformerDecoderLayer extends Module {
    final TransformerBuilder.Settings settings;
    private final MultiheadAttention selfAttn, multiheadAttn;
    private final Linear linear1, linear2;
    private final Dropout dropout, dropout1, dropout2, dropout3;
    private final LayerNorm norm1, norm2, norm3;

    public TransformerDecoderLayer(long dModel, long nhead) { this(builder(dModel, nhead).settings()); }

    TransformerDecoderLayer(TransformerBuilder.Settings s) {
        settings = s;
        selfAttn = registerModule("self_attn", new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        multiheadAttn = registerModule("multihead_attn", new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        linear1 = registerModule("linear1", new Linear(s.dModel(), s.dimFeedforward()));
        dropout = registerModule("dropout", new Dropout(s.dropout()));
        linear2 = registerModule("linear2", new Linear(s.dimFeedforward(), s.dModel()));
        norm1 = registerModule("norm1", new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true));
        norm3 = registerModule("norm3", new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(s.dropout()));
        dropout2 = registerModule("dropout2", new Dropout(s.dropout()));
        dropout3 = registerModule("dropout3", new Dropout(s.dropout()));
    }

    public static TransformerBuilder<TransformerDecoderLayer> builder(long dModel, long nhead) {
        return new TransformerBuilder<>(TransformerDecoderLayer::new, dModel, nhead);
    }

    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null); }

    /** Masks as {@link MultiheadAttention}'s; any may be null. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        return scoped(() -> {
            Tensor x = tgt;
            if (settings.normFirst()) {
                x = F.add(x, selfAttention(norm1.forward(x), tgtMask, tgtKeyPaddingMask));
                x = F.add(x, memoryAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
                return F.add(x, feedForward(norm3.forward(x)));
            }
            x = norm1.forward(F.add(x, selfAttention(x, tgtMask, tgtKeyPaddingMask)));
            x = norm2.forward(F.add(x, memoryAttention(x, memory, memoryMask, memoryKeyPaddingMask)));
            return norm3.forward(F.add(x, feedForward(x)));
        });
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm) {
        return dropout1.forward(selfAttn.forward(x, x, x, kpm, false, mask, true)[0]);
    }

    private Tensor memoryAttention(Tensor x, Tensor mem, Tensor mask, Tensor kpm) {
        return dropout2.forward(multiheadAttn.forward(x, mem, mem, kpm, false, mask, true)[0]);
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(settings.activate(linear1.forward(x)))));
    }

    /** (tgt, memory[, tgt_mask[, memory_mask[, tgt_key_padding_mask[, memory_key_padding_mask]]]]). */
    @Override
    public Object invoke(Tensor... in) {
        if (in.length < 2 || in.length > 6) {
            throw new IllegalArgumentException("TransformerDecoderLayer takes (tgt, memory[, masks...]), got " + in.length + " tensors");
        }
        Tensor[] a = java.util.Arrays.copyOf(in, 6);
        return forward(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}
