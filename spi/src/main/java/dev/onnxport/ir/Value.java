package dev.onnxport.ir;

import dev.onnxport.tensor.Tensor;

/**
 * A value in the graph: produced by exactly one node output, or a graph/block input, or an
 * initializer (a parameter or buffer, named by its state-dict name, holding its data).
 */
public final class Value {
    private final Node producer;
    private final int outputIndex;
    private Type type;
    private String name;
    private Tensor data;

    Value(Node producer, int outputIndex, Type type) {
        this.producer = producer;
        this.outputIndex = outputIndex;
        this.type = type;
    }

    /** The node producing this value, or null for inputs and initializers. */
    public Node producer() { return producer; }
    public int outputIndex() { return outputIndex; }
    public Type type() { return type; }
    public void setType(Type type) { this.type = type; }
    /** A name given by the user or the state dict (inputs, outputs, initializers); null for intermediates. */
    public String name() { return name; }
    public Value setName(String name) { this.name = name; return this; }
    /** The data of an initializer; null otherwise. */
    public Tensor data() { return data; }
    void setData(Tensor data) { this.data = data; }
    public boolean isInitializer() { return data != null; }

    @Override public String toString() { return "%" + (name != null ? name : "v@" + Integer.toHexString(System.identityHashCode(this))) + " : " + type; }
}
