package dev.onnxport.onnx.symbolic;

/** Symbolic functions for embedding, dropout, upsampling, cosine similarity and pairwise distance. */
final class NnMiscSymbolics {
    private NnMiscSymbolics() {}

    static void register(SymbolicTable t) {
    }
}
