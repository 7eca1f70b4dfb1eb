package dev.onnxport.onnx.schema;

/**
 * One declared input or output of an ONNX operator.
 *
 * @param name       the name the ONNX specification gives it
 * @param typeStr    a type parameter of the schema ("T") or a concrete type ("tensor(int64)")
 * @param option     whether it must be present, may be omitted, or repeats
 * @param homogeneous for a variadic parameter: whether every occurrence has the same type
 * @param minArity   for a variadic parameter: how many occurrences at least
 */
public record FormalParameter(String name, String typeStr, Option option, boolean homogeneous, int minArity) {

    /** How a parameter may occur in a node. */
    public enum Option {
        SINGLE, OPTIONAL, VARIADIC
    }
}
