package dev.onnxport.onnx.symbolic;

/** Symbolic functions for batch, layer, group and instance normalization. */
final class NormSymbolics {
    private NormSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
