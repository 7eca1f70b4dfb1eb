package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nn.TransformerEncoder(encoder_layer, num_layers, norm=None)}: {@code num_layers} copies of the layer under
 * "layers.0", "layers.1", ... (copies of its settings and weights, as PyTorch's deep copies: the given layer itself is
 * not a child), then the optional final norm ("norm"). Outputs are those of PyTorch's layer-by-layer path
 * ({@code enable_nested_tensor=False}); PyTorch's nested-tensor fast path (eval, with a key padding mask) gives zeros
 * at padded positions instead, which this does not imitate.
 */
public final class TransformerEncoder extends Module {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, long numLayers) { this(encoderLayer, numLayers, null); }

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, long numLayers, LayerNorm norm) {
        layers = registerModule("layers", new ModuleList<>());
        for (long i = 0; i < numLayers; i++) layers.add(copy(encoderLayer, new TransformerEncoderLayer(encoderLayer.settings)));
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    /** {@code to} with a copy of {@code from}'s parameters and buffers (PyTorch's {@code copy.deepcopy} of a layer). */
    static <M extends Module> M copy(Module from, M to) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : from.stateDict().entrySet()) {
            state.put(e.getKey(), e.getValue().isMeta() ? e.getValue() : F.clone(e.getValue()));
        }
        to.loadStateDict(state);
        return to;
    }

    public ModuleList<TransformerEncoderLayer> layers() { return layers; }

    public Tensor forward(Tensor src) { return forward(src, null, null); }

    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        return scoped(() -> {
            Tensor x = src;
            for (TransformerEncoderLayer l : layers) x = l.forward(x, mask, srcKeyPaddingMask);
            return norm == null ? x : norm.forward(x);
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length >= 1 && in.length <= 3) return forward(in[0], in.length > 1 ? in[1] : null, in.length > 2 ? in[2] : null);
        throw new IllegalArgumentException("TransformerEncoder takes (src[, mask[, src_key_padding_mask]]), got " + in.length);
    }
}
