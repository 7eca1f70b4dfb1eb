package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;

/**
 * Runs operator calls: the kernel for real tensors, the shape rule when any input is a meta tensor,
 * and, while tracing, records the outermost call into the graph (calls a kernel makes internally are
 * not recorded: the graph holds what user code called).
 */
public final class Dispatcher {
    private Dispatcher() {}

    private static final DispatchHook COMPUTE = Dispatcher::compute;
    private static volatile DispatchHook hook = COMPUTE;

    /** Runs an op call through the installed hook (the tracer's, once it has been loaded). */
    public static Tensor[] call(OpDef op, Args args) {
        return hook.dispatch(op, args);
    }

    /** Installs the process's dispatch hook; there is one (the tracer's), so a second, different one is an error. */
    public static synchronized void installHook(DispatchHook h) {
        if (hook != COMPUTE && hook != h) throw new IllegalStateException("a dispatch hook is already installed");
        hook = h;
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
