package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
 * dropout=0, bidirectional=False)}; {@code forward} returns {output, h_n}.
 */
public final class RNN extends RNNBase {
    private final boolean relu;

    public RNN(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false); }

    public RNN(long inputSize, long hiddenSize, long numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional) {
        super("RNN", 1, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("RNN: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
        }
        this.relu = nonlinearity.equals("relu");
    }

    /** {@code RNN.builder(4, 8).numLayers(2).nonlinearity("relu").bidirectional(true).build()}. */
    public static RNNBuilder<RNN> builder(long inputSize, long hiddenSize) { return new RNNBuilder<>(RNN::new, true, inputSize, hiddenSize); }

    public Tensor[] forward(Tensor input) { return scoped(() -> compute(input, null)); }

    public Tensor[] forward(Tensor input, Tensor h0) { return scoped(() -> compute(input, h0)); }

    @Override
    Tensor[] run(Tensor[] in) {
        if (in.length == 1) return forward(in[0]);
        if (in.length == 2) return forward(in[0], in[1]);
        throw new IllegalArgumentException("RNN takes (input) or (input, h0), got " + in.length + " tensors");
    }

    private Tensor[] compute(Tensor input, Tensor h0) {
        boolean batched = batched(input, "RNN");
        Tensor x = batched ? input : F.unsqueeze(input, batchFirst ? 0 : 1);
        Tensor h = h0 == null ? zeroState(x) : batched ? h0 : F.unsqueeze(h0, 1);
        Tensor[] w = flatWeights();
        Tensor[] r = relu
                ? F.rnnRelu(x, h, w, bias, numLayers, dropout, isTraining(), bidirectional, batchFirst)
                : F.rnnTanh(x, h, w, bias, numLayers, dropout, isTraining(), bidirectional, batchFirst);
        if (batched) return r;
        return new Tensor[] {F.squeeze(r[0], batchFirst ? 0 : 1), F.squeeze(r[1], 1)};
    }
}
