package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-5, batch_first=False, norm_first=False)}: self-attention and a feed-forward block, each with a
 * residual connection and a LayerNorm after it (or before it, with norm_first). Children and state-dict keys as
 * PyTorch: self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2. Options by name: {@link #builder}.
 */
public final class TransformerEncoderLayer extends Module {
    final TransformerBuilder.Settings settings;
    private final MultiheadAttention selfAttn;
    private final Linear linear1, linear2;
    private final Dropout dropout, dropout1, dropout2;
    private final LayerNorm norm1, norm2;

    public TransformerEncoderLayer(long dModel, long nhead) { this(builder(dModel, nhead).settings()); }

    TransformerEncoderLayer(TransformerBuilder.Settings s) {
        settings = s;
        selfAttn = registerModule("self_attn", new MultiheadAttention(s.dModel(), s.nhead(), s.dropout(), true, s.batchFirst()));
        linear1 = registerModule("linear1", new Linear(s.dModel(), s.dimFeedforward()));
        dropout = registerModule("dropout", new Dropout(s.dropout()));
        linear2 = registerModule("linear2", new Linear(s.dimFeedforward(), s.dModel()));
        norm1 = registerModule("norm1", new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(s.dropout()));
        dropout2 = registerModule("dropout2", new Dropout(s.dropout()));
    }

    public static TransformerBuilder<TransformerEncoderLayer> builder(long dModel, long nhead) {
        return new TransformerBuilder<>(TransformerEncoderLayer::new, dModel, nhead);
    }

    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** {@code srcMask} (S, S) or (N * nhead, S, S) and {@code srcKeyPaddingMask} (N, S), bool or float, may be null. */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        return scoped(() -> {
            Tensor x = src;
            if (settings.normFirst()) {
                x = F.add(x, selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
                return F.add(x, feedForward(norm2.forward(x)));
            }
            x = norm1.forward(F.add(x, selfAttention(x, srcMask, srcKeyPaddingMask)));
            return norm2.forward(F.add(x, feedForward(x)));
        });
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm) {
        return dropout1.forward(selfAttn.forward(x, x, x, kpm, false, mask, true)[0]);
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(settings.activate(linear1.forward(x)))));
    }

    /** (src[, src_mask[, src_key_padding_mask]]). */
    @Override
    public Object invoke(Tensor... in) {
        if (in.length >= 1 && in.length <= 3) return forward(in[0], in.length > 1 ? in[1] : null, in.length > 2 ? in[2] : null);
        throw new IllegalArgumentException("TransformerEncoderLayer takes (src[, src_mask[, src_key_padding_mask]]), got " + in.length);
    }
}
