package dev.onnxport.onnx.symbolic;

/** Symbolic functions for LSTM, GRU and RNN. */
final class RnnSymbolics {
    private RnnSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
