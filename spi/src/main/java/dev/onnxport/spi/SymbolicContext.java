package dev.onnxport.spi;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.Tensor;

/**
 * The view a {@link SymbolicFunction} has of the node it lowers and of the graph it writes into
 * (torch's {@code g}). Inputs are addressed by schema position of the aten node.
 */
public interface SymbolicContext {
    /** The default-domain opset being targeted. */
    int opset();

    /** The aten node being lowered (schema, scope, source line). */
    Node node();

    /** True when the export is in training mode. */
    boolean training();

    /** Input {@code i} as a graph value: a tensor, or a 1-D int64 tensor for an int list (dynamic or constant). */
    Value input(int i);

    /** True when input {@code i} is known during export (a constant or a list of constants). */
    boolean isConstant(int i);

    /** True when input {@code i} is None. */
    boolean isNone(int i);

    /**
     * The value of a constant input: Long, Double, Boolean, String, long[], double[], DType, Tensor, or null
     * for None. Fails with a SymbolicValueError naming the argument when the input is not constant.
     */
    Object constant(int i);

    /** The elements of a list input ({@code Tensor[]} or an int list with dynamic elements). */
    Value[] listInput(int i);

    /** The traced type of a value (dtype and shape as seen while tracing, with dynamic dims named). */
    Type type(Value v);

    /** Starts a node of the default ONNX domain. */
    NodeBuilder op(String opType, Value... inputs);

    /** Starts a node of another domain (its version comes from custom_opsets, default 1). */
    NodeBuilder op(String domain, String opType, Value... inputs);

    /** A constant tensor value (written as an initializer or a Constant node). */
    Value constant(Tensor t);

    /** A 1-D int64 constant. */
    Value constantLongs(long... values);

    /** An error for this node: names the op, its scope and source line, and says {@code how} to fix it. */
    RuntimeException error(String what, String how);

    /** Builds one ONNX node: attributes, then its outputs. */
    interface NodeBuilder {
        NodeBuilder attr(String name, Object value);

        /** Creates the node with one output and returns it. */
        Value output();

        /** Creates the node with {@code n} outputs. */
        Value[] outputs(int n);
    }
}
