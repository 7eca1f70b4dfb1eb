package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;
import java.util.Map;

/**
 * One registered operator: its schema, its eager kernel and its shape/dtype rule.
 * Call it with {@link #call} (positional arguments in schema order) or {@link #callKw}.
 */
public final class OpDef {
    private final Schema schema;
    private final Kernel kernel;
    private final ShapeRule shapeRule;

    public OpDef(Schema schema, Kernel kernel, ShapeRule shapeRule) {
        this.schema = schema;
        this.kernel = kernel;
        this.shapeRule = shapeRule;
    }

    public Schema schema() { return schema; }
    public Kernel kernel() { return kernel; }
    /** May be null for ops that cannot run on meta tensors (data-dependent output shapes). */
    public ShapeRule shapeRule() { return shapeRule; }
    public String qualifiedName() { return schema.qualifiedName(); }

    /** Runs the op (recording it when tracing); returns all outputs. */
    public Tensor[] call(Object... positional) { return Dispatcher.call(this, Args.bind(this, positional, null)); }

    /** Runs the op with keyword arguments. */
    public Tensor[] callKw(Object[] positional, Map<String, ?> kwargs) {
        return Dispatcher.call(this, Args.bind(this, positional, kwargs));
    }

    /** Runs an op with exactly one tensor result. */
    public Tensor call1(Object... positional) { return call(positional)[0]; }

    @Override public String toString() { return schema.text(); }
}
