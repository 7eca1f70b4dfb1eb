package dev.onnxport.onnx.schema;

import java.util.List;

/**
 * The types a type parameter of an ONNX operator may stand for.
 *
 * @param typeParamStr    the parameter, e.g. "T"
 * @param allowedTypeStrs ONNX type strings, e.g. "tensor(float)", "seq(tensor(int64))"
 */
public record TypeConstraint(String typeParamStr, List<String> allowedTypeStrs) {

    public TypeConstraint {
        allowedTypeStrs = List.copyOf(allowedTypeStrs);
    }

    public boolean allows(String typeStr) {
        return allowedTypeStrs.contains(typeStr);
    }
}
