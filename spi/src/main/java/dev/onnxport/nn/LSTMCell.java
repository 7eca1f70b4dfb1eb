package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.LSTMCell(input_size, hidden_size, bias=True)}: gates i, f, g, o in that order along weight_ih's rows;
 * c' = f * c + i * g, h' = o * tanh(c'). {@link #forward} returns {h', c'}.
 */
public final class LSTMCell extends RNNCellBase {
    public LSTMCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(long inputSize, long hiddenSize, boolean bias) { super("LSTMCell", inputSize, hiddenSize, bias, 4); }

    public Tensor[] forward(Tensor input) { return forward(input, null, null); }

    /** {@code hx} and {@code cx} are both given or both null (zeros). Returns {h', c'}. */
    public Tensor[] forward(Tensor input, Tensor hx, Tensor cx) {
        if ((hx == null) != (cx == null)) throw new IllegalArgumentException("LSTMCell: give both h and c, or neither");
        return scoped(() -> {
            Tensor x = batched(input);
            Tensor h = hidden(hx, x), c = hidden(cx, x);
            Tensor[] g = F.chunk(F.add(inputPart(x), hiddenPart(h)), 4, 1);
            Tensor c2 = F.add(F.mul(F.sigmoid(g[1]), c), F.mul(F.sigmoid(g[0]), F.tanh(g[2])));
            Tensor h2 = F.mul(F.sigmoid(g[3]), F.tanh(c2));
            return input.dim() == 1 ? new Tensor[] {F.squeeze(h2, 0), F.squeeze(c2, 0)} : new Tensor[] {h2, c2};
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length == 1) return forward(in[0]);
        if (in.length == 3) return forward(in[0], in[1], in[2]);
        throw new IllegalArgumentException("LSTMCell takes (input) or (input, h, c), got " + in.length + " tensors");
    }
}
