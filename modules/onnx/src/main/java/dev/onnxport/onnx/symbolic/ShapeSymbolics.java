package dev.onnxport.onnx.symbolic;

/** Symbolic functions for views and shape changes, concatenation and splitting. */
final class ShapeSymbolics {
    private ShapeSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
