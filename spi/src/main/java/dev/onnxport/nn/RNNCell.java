package dev.onnxport.nn;

import dev.onnxport.tensor.Tensor;

/**
 * {@code nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity="tanh")}: h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)
 * with act tanh or relu.
 */
public final class RNNCell extends RNNCellBase {
    private final boolean relu;

    public RNNCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        super("RNNCell", inputSize, hiddenSize, bias, 1);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("RNNCell: unknown nonlinearity '" + nonlinearity + "' (tanh or relu)");
        }
        this.relu = nonlinearity.equals("relu");
    }

    public Tensor forward(Tensor input) { return forward(input, null); }

    /** {@code hx} may be null (zeros). */
    public Tensor forward(Tensor input, Tensor hx) {
        return scoped(() -> {
            Tensor x = batched(input);
            Tensor pre = F.add(inputPart(x), hiddenPart(hidden(hx, x)));
            Tensor h = relu ? F.relu(pre) : F.tanh(pre);
            return input.dim() == 1 ? F.squeeze(h, 0) : h;
        });
    }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length == 1 || in.length == 2) return forward(in[0], in.length == 2 ? in[1] : null);
        throw new IllegalArgumentException("RNNCell takes (input) or (input, hx), got " + in.length + " tensors");
    }
}
