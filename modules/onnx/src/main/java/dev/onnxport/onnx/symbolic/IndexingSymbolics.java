package dev.onnxport.onnx.symbolic;

/** Symbolic functions for slicing, indexing, gather/scatter, flips, rolls, triangles and pads. */
final class IndexingSymbolics {
    private IndexingSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
