package dev.onnxport.onnx.localfunctions;

import dev.onnxport.ir.Graph;
import java.util.List;

/**
 * One model-local ONNX function made by {@link FunctionExtraction}: called by nodes of kind
 * {@code domain::name}. The body is an ONNX-dialect graph whose inputs are the function's inputs (in call order)
 * and whose outputs are its outputs; it holds no initializers (constants are Constant nodes).
 *
 * @param domain     the module class's Java package (torch uses the Python module path)
 * @param name       the module class's simple name; {@code Name_1}, {@code Name_2}... for calls of the same class
 *                   whose bodies differ
 * @param body       the function body
 * @param attributes declared attribute names (see {@link FunctionAttributes}); call nodes give their values
 * @param moduleClass the fully qualified module class, for the doc string
 */
public record LocalFunction(String domain, String name, Graph body, List<String> attributes, String moduleClass) {
    public LocalFunction {
        attributes = List.copyOf(attributes);
    }

    /** The node kind of a call: {@code domain::name}. */
    public String callKind() { return domain + "::" + name; }
}
