package dev.onnxport.onnx.localfunctions;

import java.util.Map;

/**
 * Implemented by a {@link dev.onnxport.nn.Module} whose scalar configuration should be declared as attributes
 * of its local function, the Java counterpart of the class annotations torch reads ({@code num_layers: int}).
 * As in torch, the attributes describe the call (each call node carries its module's values) and the body
 * does not refer to them: the body keeps the literal values the trace recorded. Declaring them lets a runtime
 * recognise a configuration, e.g. to swap the function for a fused kernel.
 *
 * <p>Values must be ONNX attribute values: Long, Integer, Double, Float, Boolean (written as INT), String,
 * long[], double[] or String[].
 */
public interface FunctionAttributes {
    /** Attribute name -> value, in declaration order. */
    Map<String, Object> functionAttributes();
}
