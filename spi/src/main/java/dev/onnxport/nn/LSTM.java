package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0,
 * bidirectional=False)}; {@code forward} returns {output, h_n, c_n} (PyTorch's {@code output, (h_n, c_n)}).
 */
public final class LSTM extends RNNBase {
    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public LSTM(long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional) {
        super("LSTM", 4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    /** {@code LSTM.builder(4, 8).numLayers(2).batchFirst(true).bidirectional(true).build()}. */
    public static RNNBuilder<LSTM> builder(long inputSize, long hiddenSize) {
        return new RNNBuilder<>((i, h, l, nl, b, bf, d, bi) -> new LSTM(i, h, l, b, bf, d, bi), false, inputSize, hiddenSize);
    }

    public Tensor[] forward(Tensor input) { return scoped(() -> compute(input, null, null)); }

    /** With initial states h0 and c0, each (layers * directions, N, hidden), or without N for unbatched input. */
    public Tensor[] forward(Tensor input, Tensor h0, Tensor c0) { return scoped(() -> compute(input, h0, c0)); }

    @Override
    Tensor[] run(Tensor[] in) {
        if (in.length == 1) return forward(in[0]);
        if (in.length == 3) return forward(in[0], in[1], in[2]);
        throw new IllegalArgumentException("LSTM takes (input) or (input, h0, c0), got " + in.length + " tensors");
    }

    private Tensor[] compute(Tensor input, Tensor h0, Tensor c0) {
        boolean batched = batched(input, "LSTM");
        Tensor x = batched ? input : F.unsqueeze(input, batchFirst ? 0 : 1);
        Tensor h = h0 == null ? zeroState(x) : batched ? h0 : F.unsqueeze(h0, 1);
        Tensor c = c0 == null ? zeroState(x) : batched ? c0 : F.unsqueeze(c0, 1);
        Tensor[] r = F.lstm(x, new Tensor[] {h, c}, flatWeights(), bias, numLayers, dropout, isTraining(), bidirectional, batchFirst);
        if (batched) return r;
        return new Tensor[] {F.squeeze(r[0], batchFirst ? 0 : 1), F.squeeze(r[1], 1), F.squeeze(r[2], 1)};
    }
}
