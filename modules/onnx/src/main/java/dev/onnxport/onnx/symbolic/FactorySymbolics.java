package dev.onnxport.onnx.symbolic;

/** Symbolic functions for tensor creation and casts. */
final class FactorySymbolics {
    private FactorySymbolics() {}

    static void register(SymbolicTable t) {
    }
}
