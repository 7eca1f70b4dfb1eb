package dev.onnxport.nn;

/**
 * Options of {@code RNN}, {@code LSTM} and {@code GRU} by name, PyTorch's defaults otherwise:
 * {@code LSTM.builder(64, 128).numLayers(2).batchFirst(true).bidirectional(true).build()}. The nonlinearity ("tanh"
 * or "relu") is for {@code RNN} only.
 */
public final class RNNBuilder<T extends Module> {
    interface Factory<T> {
        T make(long inputSize, long hiddenSize, long numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional);
    }

    private final Factory<T> factory;
    private final boolean hasNonlinearity;
    private final long inputSize, hiddenSize;
    private long numLayers = 1;
    private String nonlinearity = "tanh";
    private boolean bias = true, batchFirst, bidirectional;
    private double dropout;

    RNNBuilder(Factory<T> factory, boolean hasNonlinearity, long inputSize, long hiddenSize) {
        this.factory = factory;
        this.hasNonlinearity = hasNonlinearity;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    public RNNBuilder<T> numLayers(long v) { numLayers = v; return this; }
    public RNNBuilder<T> bias(boolean v) { bias = v; return this; }
    public RNNBuilder<T> batchFirst(boolean v) { batchFirst = v; return this; }
    public RNNBuilder<T> dropout(double v) { dropout = v; return this; }
    public RNNBuilder<T> bidirectional(boolean v) { bidirectional = v; return this; }

    public RNNBuilder<T> nonlinearity(String v) {
        if (!hasNonlinearity) throw new IllegalArgumentException("nonlinearity is an option of RNN only");
        nonlinearity = v;
        return this;
    }

    public T build() { return factory.make(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional); }
}
