package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
 * dropout=0.1, activation=relu, layer_norm_eps=1e-5, batch_first=False, norm_first=False)}: an encoder and a decoder,
 * each with a final LayerNorm ("encoder.norm", "decoder.norm"); every parameter of 2 or more dims is drawn
 * xavier-uniform as PyTorch's {@code _reset_parameters}. Options by name:
 * {@code Transformer.builder().dModel(256).nhead(4).numEncoderLayers(3).batchFirst(true).build()}.
 */
public final class Transformer extends Module {
    private final TransformerBuilder.Settings settings;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    /** PyTorch's defaults. */
    public Transformer() { this(builder().settings()); }

    Transformer(TransformerBuilder.Settings s) {
        settings = s;
        encoder = registerModule("encoder", new TransformerEncoder(new TransformerEncoderLayer(s), s.numEncoderLayers(),
                new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true)));
        decoder = registerModule("decoder", new TransformerDecoder(new TransformerDecoderLayer(s), s.numDecoderLayers(),
                new LayerNorm(new long[] {s.dModel()}, s.layerNormEps(), true)));
        if (!Init.isWithoutData()) {
            Map<String, Tensor> state = new LinkedHashMap<>(stateDict());
            for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
                long[] shape = e.getValue().shape();
                if (shape.length < 2) continue;
                long receptive = 1;
                for (int i = 2; i < shape.length; i++) receptive *= shape[i];
                state.put(e.getKey(), Init.xavierUniform(shape[1] * receptive, shape[0] * receptive, shape));
            }
            loadStateDict(state);
        }
    }

    /** Defaults d_model 512, nhead 8, 6 + 6 layers; see {@link TransformerBuilder}. */
    public static TransformerBuilder<Transformer> builder() { return new TransformerBuilder<>(Transformer::new, 512, 8); }

    public TransformerEncoder encoder() { return encoder; }
    public TransformerDecoder decoder() { return decoder; }

    /**
     * {@code nn.Transformer.generate_square_subsequent_mask(sz)}: a float (sz, sz) mask, -inf above the diagonal and
     * 0 elsewhere, so position i attends to positions up to i.
     */
    public static Tensor generateSquareSubsequentMask(long sz) {
        float[] m = new float[Math.toIntExact(sz * sz)];
        for (int i = 0; i < sz; i++) for (int j = i + 1; j < sz; j++) m[(int) (i * sz + j)] = Float.NEGATIVE_INFINITY;
        return Tensor.of(m, sz, sz);
    }

    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null); }

    /** Masks as {@link MultiheadAttention}'s; any may be null. */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, Tensor srcKeyPaddingMask,
                          Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        int batchDim = settings.batchFirst() ? 0 : 1;
        if (src.dim() == 3 && tgt.dim() == 3 && src.size(batchDim) != tgt.size(batchDim)) {
            throw new IllegalArgumentException("Transformer: the batch number of src and tgt must be equal, got " + src + " and " + tgt);
        }
        if (src.size(-1) != settings.dModel() || tgt.size(-1) != settings.dModel()) {
            throw new IllegalArgumentException("Transformer: the feature number of src and tgt must be equal to d_model " + settings.dModel());
        }
        return scoped(() -> {
            Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
            return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        });
    }

    /** (src, tgt[, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask]). */
    @Override
    public Object invoke(Tensor... in) {
        if (in.length < 2 || in.length > 8) throw new IllegalArgumentException("Transformer takes (src, tgt[, masks...]), got " + in.length);
        Tensor[] a = Arrays.copyOf(in, 8);
        return forward(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    }
}
