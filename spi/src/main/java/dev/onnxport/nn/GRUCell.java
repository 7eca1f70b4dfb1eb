package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.GRUCell(input_size, hidden_size, bias=True)}: gates r, z, n in that order along weight_ih's rows;
 * n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)), h' = (1 - z) * n + z * h.
 */
public final class GRUCell extends RNNCellBase {
    public GRUCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(long inputSize, long hiddenSize, boolean bias) { super("GRUCell", inputSize, hiddenSize, bias, 3); }

    public Tensor forward(Tensor input) { return forward(input, null); }

    /** {@code hx} may be null (zeros). */
    public Tensor forward(Tensor input, Tensor hx) {
        return scoped(() -> {
            Tensor x = batched(input);
            Tensor h = hidden(hx, x);
            Tensor[] gi = F.chunk(inputPart(x), 3, 1);
            Tensor[] gh = F.chunk(hiddenPart(h), 3, 1);
            Tensor r = F.sigmoid(F.add(gi[0], gh[0]));
            Tensor z = F.sigmoid(F.add(gi[1], gh[1]));
            Tensor n = F.tanh(F.add(gi[2], F.mul(r, gh[2])));
            Tensor out = F.add(n, F.mul(z, F.sub(h, n)));
            return input.dim() == 1 ? F.squeeze(out, 0) : out;
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length == 1 || in.length == 2) return forward(in[0], in.length == 2 ? in[1] : null);
        throw new IllegalArgumentException("GRUCell takes (input) or (input, hx), got " + in.length + " tensors");
    }
}
