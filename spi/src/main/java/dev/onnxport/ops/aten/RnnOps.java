package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;

/** Aten ops: recurrent layers: lstm, gru, rnn_tanh. */
public final class RnnOps {
    private RnnOps() {}

    public static void register(OpRegistry r) {
    }
}
