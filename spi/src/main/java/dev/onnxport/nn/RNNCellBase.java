package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;

/**
 * What torch's {@code RNNCellBase} holds: weight_ih [gates * hidden, input], weight_hh [gates * hidden, hidden] and,
 * with bias, bias_ih and bias_hh [gates * hidden], all uniform in ±1/sqrt(hidden). Inputs are (N, input) or
 * unbatched (input); a missing hidden state is zeros.
 */
abstract class RNNCellBase extends Module {
    final String layer;
    final long inputSize, hiddenSize;
    final Parameter weightIh, weightHh, biasIh, biasHh;

    RNNCellBase(String layer, long inputSize, long hiddenSize, boolean bias, int gates) {
        this.layer = layer;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double k = 1.0 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", Init.uniform(k, gates * hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh", Init.uniform(k, gates * hiddenSize, hiddenSize));
        biasIh = registerParameter("bias_ih", bias ? Init.uniform(k, gates * hiddenSize) : null);
        biasHh = registerParameter("bias_hh", bias ? Init.uniform(k, gates * hiddenSize) : null);
    }

    public long inputSize() { return inputSize; }
    public long hiddenSize() { return hiddenSize; }

    /** x W_ih^T + b_ih and h W_hh^T + b_hh. */
    Tensor inputPart(Tensor x) { return F.linear(x, weightIh.get(), biasIh.get()); }
    Tensor hiddenPart(Tensor h) { return F.linear(h, weightHh.get(), biasHh.get()); }

    /** The input as a batch (unbatched inputs get a batch of 1), checked. */
    Tensor batched(Tensor x) {
        if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize) {
            throw new IllegalArgumentException(layer + ": expected input (N, " + inputSize + ") or (" + inputSize + "), got " + x);
        }
        return x.dim() == 1 ? F.unsqueeze(x, 0) : x;
    }

    /** The hidden state for batched input {@code x}: zeros when absent, a batch of 1 when unbatched. */
    Tensor hidden(Tensor h, Tensor x) {
        if (h == null) return F.zeros(x.symSize(0), SymInt.of(hiddenSize));
        return h.dim() == 1 ? F.unsqueeze(h, 0) : h;
    }
}
