package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0,
 * bidirectional=False)}; {@code forward} returns {output, h_n}.
 */
public final class GRU extends RNNBase {
    public GRU(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public GRU(long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        super("GRU", 3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    /** {@code GRU.builder(4, 8).numLayers(2).batchFirst(true).bidirectional(true).build()}. */
    public static RNNBuilder<GRU> builder(long inputSize, long hiddenSize) {
        return new RNNBuilder<>((i, h, l, nl, b, bf, d, bi) -> new GRU(i, h, l, b, bf, d, bi), false, inputSize, hiddenSize);
    }

    public Tensor[] forward(Tensor input) { return scoped(() -> compute(input, null)); }

    public Tensor[] forward(Tensor input, Tensor h0) { return scoped(() -> compute(input, h0)); }

    @Override
    Tensor[] run(Tensor[] in) {
        if (in.length == 1) return forward(in[0]);
        if (in.length == 2) return forward(in[0], in[1]);
        throw new IllegalArgumentException("GRU takes (input) or (input, h0), got " + in.length + " tensors");
    }

    private Tensor[] compute(Tensor input, Tensor h0) {
        boolean batched = batched(input, "GRU");
        Tensor x = batched ? input : F.unsqueeze(input, batchFirst ? 0 : 1);
        Tensor h = h0 == null ? zeroState(x) : batched ? h0 : F.unsqueeze(h0, 1);
        Tensor[] r = F.gru(x, h, flatWeights(), bias, numLayers, dropout, isTraining(), bidirectional, batchFirst);
        if (batched) return r;
        return new Tensor[] {F.squeeze(r[0], batchFirst ? 0 : 1), F.squeeze(r[1], 1)};
    }
}
