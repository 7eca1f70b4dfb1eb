package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.TransformerDecoder(decoder_layer, num_layers, norm=None)}: {@code num_layers} copies of the layer under
 * "layers.0", ... (as {@link TransformerEncoder}), then the optional final norm ("norm").
 */
public final class TransformerDecoder extends Module {
    private final ModuleList<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    public TransformerDecoder(TransformerDecoderLayer decoderLayer, long numLayers) { this(decoderLayer, numLayers, null); }

    public TransformerDecoder(TransformerDecoderLayer decoderLayer, long numLayers, LayerNorm norm) {
        layers = registerModule("layers", new ModuleList<>());
        for (long i = 0; i < numLayers; i++) {
            layers.add(TransformerEncoder.copy(decoderLayer, new TransformerDecoderLayer(decoderLayer.settings)));
        }
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    public ModuleList<TransformerDecoderLayer> layers() { return layers; }

    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null); }

    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        return scoped(() -> {
            Tensor x = tgt;
            for (TransformerDecoderLayer l : layers) {
                x = l.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
            }
            return norm == null ? x : norm.forward(x);
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length < 2 || in.length > 6) {
            throw new IllegalArgumentException("TransformerDecoder takes (tgt, memory[, masks...]), got " + in.length + " tensors");
        }
        Tensor[] a = java.util.Arrays.copyOf(in, 6);
        return forward(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}
