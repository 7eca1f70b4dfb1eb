package dev.onnxport.onnx.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of an ONNX operator's schema: what it takes from its since_version up to (not
 * including) the next version of the same operator. Immutable.
 */
public final class OpSchema {
    private final String domain;
    private final String opType;
    private final int sinceVersion;
    private final boolean deprecated;
    private final boolean experimental;
    private final int minInput;
    private final int maxInput;
    private final int minOutput;
    private final int maxOutput;
    private final List<FormalParameter> inputs;
    private final List<FormalParameter> outputs;
    private final Map<String, Attribute> attributes;
    private final Map<String, TypeConstraint> typeConstraints;

    /** Builds a schema; the list and map arguments are copied. */
    public OpSchema(String domain, String opType, int sinceVersion, boolean deprecated, boolean experimental,
                    int minInput, int maxInput, int minOutput, int maxOutput,
                    List<FormalParameter> inputs, List<FormalParameter> outputs,
                    List<Attribute> attributes, List<TypeConstraint> typeConstraints) {
        this.domain = domain;
        this.opType = opType;
        this.sinceVersion = sinceVersion;
        this.deprecated = deprecated;
        this.experimental = experimental;
        this.minInput = minInput;
        this.maxInput = maxInput;
        this.minOutput = minOutput;
        this.maxOutput = maxOutput;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Attribute a : attributes) attrs.put(a.name(), a);
        this.attributes = Collections.unmodifiableMap(attrs);
        Map<String, TypeConstraint> tcs = new LinkedHashMap<>();
        for (TypeConstraint t : typeConstraints) tcs.put(t.typeParamStr(), t);
        this.typeConstraints = Collections.unmodifiableMap(tcs);
    }

    /** "" for the default ONNX domain. */
    public String domain() { return domain; }
    public String opType() { return opType; }
    public int sinceVersion() { return sinceVersion; }
    /** A deprecated version marks the opset from which the operator no longer exists. */
    public boolean deprecated() { return deprecated; }
    public boolean experimental() { return experimental; }
    public int minInput() { return minInput; }
    /** Integer.MAX_VALUE when the last input is variadic. */
    public int maxInput() { return maxInput; }
    public int minOutput() { return minOutput; }
    public int maxOutput() { return maxOutput; }
    public List<FormalParameter> inputs() { return inputs; }
    public List<FormalParameter> outputs() { return outputs; }
    /** By name, in name order. */
    public Map<String, Attribute> attributes() { return attributes; }
    /** The attribute of that name, or null when this version has none. */
    public Attribute attribute(String name) { return attributes.get(name); }
    /** By type parameter, in declaration order. */
    public Map<String, TypeConstraint> typeConstraints() { return typeConstraints; }
    /** The constraint of that type parameter, or null. */
    public TypeConstraint typeConstraint(String typeParamStr) { return typeConstraints.get(typeParamStr); }

    /** The index of the input of that name, or -1. */
    public int inputIndex(String name) {
        for (int i = 0; i < inputs.size(); i++) if (inputs.get(i).name().equals(name)) return i;
        return -1;
    }

    @Override
    public String toString() {
        return (domain.isEmpty() ? "" : domain + "::") + opType + "-" + sinceVersion;
    }
}
