package dev.onnxport.nn;

import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code RNNBase}: per layer and direction the parameters weight_ih_l{k}, weight_hh_l{k},
 * bias_ih_l{k}, bias_hh_l{k} (suffix {@code _reverse} for the backward direction), registered in that
 * order and drawn uniform in ±1/sqrt(hidden_size). Inputs are (L, N, H_in), or (N, L, H_in) with
 * batch_first, or unbatched (L, H_in); a missing initial state is zeros sized from the input, so a
 * traced graph keeps the batch dynamic.
 */
public abstract class RNNBase extends Module {
    final long inputSize, hiddenSize, numLayers;
    final boolean bias, batchFirst, bidirectional;
    final double dropout;
    private final List<Parameter> flat = new ArrayList<>();

    RNNBase(String layer, long gates, long inputSize, long hiddenSize, long numLayers, boolean bias, boolean batchFirst,
            double dropout, boolean bidirectional) {
        if (hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(layer + ": hidden_size and num_layers must be positive, got "
                    + hiddenSize + " and " + numLayers);
        }
        if (dropout < 0 || dropout > 1) throw new IllegalArgumentException(layer + ": dropout must be in [0, 1], got " + dropout);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int dirs = bidirectional ? 2 : 1;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        for (long l = 0; l < numLayers; l++) {
            long in = l == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                flat.add(registerParameter("weight_ih" + sfx, Init.uniform(bound, gates * hiddenSize, in)));
                flat.add(registerParameter("weight_hh" + sfx, Init.uniform(bound, gates * hiddenSize, hiddenSize)));
                if (bias) {
                    flat.add(registerParameter("bias_ih" + sfx, Init.uniform(bound, gates * hiddenSize)));
                    flat.add(registerParameter("bias_hh" + sfx, Init.uniform(bound, gates * hiddenSize)));
                }
            }
        }
    }

    public long hiddenSize() { return hiddenSize; }

    /** The weights in the order aten's rnn ops take them (per layer and direction: w_ih, w_hh[, b_ih, b_hh]). */
    Tensor[] flatWeights() {
        Tensor[] out = new Tensor[flat.size()];
        for (int i = 0; i < out.length; i++) out[i] = flat.get(i).get();
        return out;
    }

    boolean batched(Tensor input, String layer) {
        if (input.dim() == 3) return true;
        if (input.dim() == 2) return false;
        throw new IllegalArgumentException(layer + ": expected a 2D (unbatched) or 3D input, got " + input);
    }

    /** Zeros of shape (layers * directions, N, hidden), N read from the input; batched input only. */
    Tensor zeroState(Tensor input) {
        SymInt n = input.symSize(batchFirst ? 0 : 1);
        return F.zeros(input.dtype(), SymInt.of(numLayers * (bidirectional ? 2 : 1)), n, SymInt.of(hiddenSize));
    }

    @Override
    public Object invoke(Tensor... inputs) {
        if (inputs.length < 1) throw new IllegalArgumentException(getClass().getSimpleName() + " needs an input tensor");
        return run(inputs);
    }

    /** Runs on (input[, states...]) and returns (output, states...). */
    abstract Tensor[] run(Tensor[] inputs);
}
