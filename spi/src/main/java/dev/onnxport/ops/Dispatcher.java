package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;

/**
 * Runs operator calls: the kernel for real tensors, the shape rule when any input is a meta tensor,
 * and, while tracing, records the outermost call into the graph (calls a kernel makes internally are
 * not recorded: the graph holds what user code called).
 */
public final class Dispatcher {
    private Dispatcher() {}

    public static Tensor[] call(OpDef op, Args args) {
        return Tracer.dispatch(op, args);
    }

    /** Computes without recording: kernel on data, shape rule on meta tensors. */
    public static Tensor[] compute(OpDef op, Args args) {
        if (args.anyMeta()) {
            if (op.shapeRule() == null) {
                throw new UnsupportedOperationException(op.qualifiedName() + " has no shape rule, so it cannot run in "
                        + "shape-only tracing; trace with real inputs instead");
            }
            return op.shapeRule().infer(args);
        }
        if (op.kernel() == null) {
            throw new UnsupportedOperationException(op.qualifiedName() + " has no eager kernel");
        }
        return op.kernel().run(args);
    }
}
