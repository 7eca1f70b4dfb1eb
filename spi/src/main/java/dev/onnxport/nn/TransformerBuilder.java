package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Options of the transformer layers by name, PyTorch's defaults otherwise:
 * {@code TransformerEncoderLayer.builder(512, 8).dimFeedforward(1024).activation("gelu").normFirst(true).batchFirst(true).build()}.
 * The layer counts apply to {@link Transformer} only.
 */
public final class TransformerBuilder<T> {
    /** The settings a built layer keeps (and that {@link TransformerEncoder} uses to clone it). */
    record Settings(long dModel, long nhead, long dimFeedforward, double dropout, String activationName,
                    UnaryOperator<Tensor> activation, double layerNormEps, boolean batchFirst, boolean normFirst,
                    long numEncoderLayers, long numDecoderLayers) {
        Settings {
            if (nhead <= 0 || dModel % nhead != 0) {
                throw new IllegalArgumentException("transformer: d_model " + dModel + " must be divisible by nhead " + nhead);
            }
        }

        Tensor activate(Tensor x) { return activation.apply(x); }
    }

    interface Factory<T> { T make(Settings s); }

    private final Factory<T> factory;
    private long dModel, nhead, dimFeedforward = 2048, numEncoderLayers = 6, numDecoderLayers = 6;
    private double dropout = 0.1, layerNormEps = 1e-5;
    private String activationName = "relu";
    private UnaryOperator<Tensor> activation = F::relu;
    private boolean batchFirst, normFirst;

    TransformerBuilder(Factory<T> factory, long dModel, long nhead) {
        this.factory = factory;
        this.dModel = dModel;
        this.nhead = nhead;
    }

    public TransformerBuilder<T> dModel(long v) { dModel = v; return this; }
    public TransformerBuilder<T> nhead(long v) { nhead = v; return this; }
    public TransformerBuilder<T> dimFeedforward(long v) { dimFeedforward = v; return this; }
    public TransformerBuilder<T> dropout(double v) { dropout = v; return this; }
    public TransformerBuilder<T> layerNormEps(double v) { layerNormEps = v; return this; }
    public TransformerBuilder<T> batchFirst(boolean v) { batchFirst = v; return this; }
    public TransformerBuilder<T> normFirst(boolean v) { normFirst = v; return this; }
    public TransformerBuilder<T> numEncoderLayers(long v) { numEncoderLayers = v; return this; }
    public TransformerBuilder<T> numDecoderLayers(long v) { numDecoderLayers = v; return this; }

    /** "relu" (the default) or "gelu", as PyTorch's strings. */
    public TransformerBuilder<T> activation(String name) {
        activation = switch (name) {
            case "relu" -> F::relu;
            case "gelu" -> F::gelu;
            default -> throw new IllegalArgumentException("activation should be relu/gelu, not " + name);
        };
        activationName = name;
        return this;
    }

    /** Any unary function of tensors (PyTorch accepts a callable). */
    public TransformerBuilder<T> activation(UnaryOperator<Tensor> f) {
        activation = f;
        activationName = "custom";
        return this;
    }

    Settings settings() {
        return new Settings(dModel, nhead, dimFeedforward, dropout, activationName, activation, layerNormEps, batchFirst, normFirst,
                numEncoderLayers, numDecoderLayers);
    }

    public T build() { return factory.make(settings()); }
}
