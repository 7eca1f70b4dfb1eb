package dev.onnxport.nn;

import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;

/**
 * An operator of the global registry looked up by qualified name on first use and cached. Lazy, so
 * that a facade class loads even when some of its ops are not registered yet; the error then names
 * the missing op at the call that needs it.
 */
final class Op {
    private final String name;
    private volatile OpDef def;

    Op(String qualifiedName) { this.name = qualifiedName; }

    OpDef def() {
        OpDef d = def;
        if (d == null) def = d = AtenOps.registry().get(name);
        return d;
    }

    /** Calls with positional arguments in schema order (keyword-only ones included, in order). */
    Tensor[] call(Object... args) { return def().call(args); }

    Tensor call1(Object... args) { return def().call1(args); }
}
