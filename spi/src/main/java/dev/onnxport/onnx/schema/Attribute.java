package dev.onnxport.onnx.schema;

import dev.onnxport.onnx.proto.AttributeProto;

/**
 * One declared attribute of an ONNX operator.
 *
 * @param name         the attribute name
 * @param type         the value kind a node must give
 * @param required     whether a node must set it
 * @param defaultValue the value ONNX assumes when a node omits it (named, typed), or null when it has none
 */
public record Attribute(String name, AttributeProto.AttributeType type, boolean required, AttributeProto defaultValue) {

    public boolean hasDefault() {
        return defaultValue != null;
    }
}
