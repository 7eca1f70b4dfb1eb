package dev.onnxport.onnx.checker;

/** The rules of the structural checker; each {@link Problem} names the one it breaks. */
public enum Rule {
    IR_VERSION("ir-version"),
    OPSET_IMPORT("opset-import"),
    GRAPH("graph"),
    UNDEFINED_VALUE("undefined-value"),
    TOPOLOGICAL_ORDER("topological-order"),
    SSA("single-assignment"),
    GRAPH_OUTPUT("graph-output"),
    VALUE_TYPE("value-type"),
    UNKNOWN_OP("unknown-op"),
    OP_NOT_IN_OPSET("op-not-in-opset"),
    DEPRECATED_OP("deprecated-op"),
    INPUT_ARITY("input-arity"),
    OUTPUT_ARITY("output-arity"),
    UNKNOWN_ATTRIBUTE("unknown-attribute"),
    ATTRIBUTE_TYPE("attribute-type"),
    DUPLICATE_ATTRIBUTE("duplicate-attribute"),
    REQUIRED_ATTRIBUTE("required-attribute"),
    TYPE_CONSTRAINT("type-constraint"),
    TENSOR_DATA("tensor-data"),
    EXTERNAL_DATA("external-data"),
    FUNCTION("function"),
    NESTING("nesting");

    private final String id;

    Rule(String id) { this.id = id; }

    /** The short name shown in messages, e.g. "single-assignment". */
    public String id() { return id; }
}
