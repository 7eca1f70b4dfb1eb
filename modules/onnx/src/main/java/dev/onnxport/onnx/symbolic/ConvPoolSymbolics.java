package dev.onnxport.onnx.symbolic;

/** Symbolic functions for convolutions, transposed convolutions, pooling and im2col. */
final class ConvPoolSymbolics {
    private ConvPoolSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
