package dev.onnxport.onnx.checker;

import dev.onnxport.onnx.proto.FunctionProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checks of one graph or function body need to know about the model, and where they
 * report problems.
 *
 * @param irVersion     the model's ir_version
 * @param opsets        imported opset version per domain ("" for the default domain, "ai.onnx" folded in)
 * @param functions     the model-local functions by {@link #functionKey}
 * @param modelDir      the folder of the model file, for external data; null for an in-memory model
 * @param functionAttrs inside a function body, the attribute names the function declares; null elsewhere
 * @param problems      where problems are collected
 */
record CheckContext(long irVersion, Map<String, Integer> opsets, Map<String, FunctionProto> functions,
                    Path modelDir, Set<String> functionAttrs, List<Problem> problems) {

    void report(Rule rule, String where, String message) {
        problems.add(new Problem(rule, where, message));
    }

    CheckContext forFunction(Map<String, Integer> functionOpsets, Set<String> attrs) {
        return new CheckContext(irVersion, functionOpsets, functions, modelDir, attrs, problems);
    }

    static String functionKey(String domain, String name) {
        return normalizeDomain(domain) + "::" + name;
    }

    /** "ai.onnx" is another spelling of the default domain "". */
    static String normalizeDomain(String domain) {
        return "ai.onnx".equals(domain) ? "" : domain;
    }
}
