package dev.onnxport.ops;

import dev.onnxport.tensor.Tensor;

/**
 * Sees every operator call before it runs. The tracer installs one ({@link Dispatcher#installHook}) to
 * record outermost calls; the ops layer knows only this interface, never the tracer.
 */
@FunctionalInterface
public interface DispatchHook {
    /** Runs {@code op} on {@code args} (normally through {@link Dispatcher#compute}) and returns its outputs. */
    Tensor[] dispatch(OpDef op, Args args);
}
