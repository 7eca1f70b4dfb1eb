package dev.onnxport.onnx.checker;

/**
 * One fault found by the {@link StructuralChecker}.
 *
 * @param rule    the rule it breaks
 * @param where   what it is in: "node 'add_3' (Add)", "initializer 'w'", "function 'local.f' > node #0 (Relu)"
 * @param message what is wrong, e.g. "input 'x_7' is used before it is defined"
 */
public record Problem(Rule rule, String where, String message) {

    @Override
    public String toString() {
        return where + ": " + message + " [" + rule.id() + "]";
    }
}
