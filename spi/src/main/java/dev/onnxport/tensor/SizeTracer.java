package dev.onnxport.tensor;

/**
 * What a tensor tells a tracer about sizes read from it and integer arithmetic on them. The tensor layer
 * calls this interface and never the tracer itself: the tracer installs its implementation with
 * {@link #install} before it first traces. Without one, sizes are plain constants.
 */
public interface SizeTracer {
    /** The size of {@code dim} of {@code t}, symbolic when it is read during a trace. */
    SymInt symSize(Tensor t, int dim);

    /** {@code op} ({@code aten::add.int}, ...) applied to {@code a} and {@code b}, whose value is {@code result}. */
    SymInt intOp(String op, SymInt a, SymInt b, long result);

    /**
     * The data of {@code t} is being read as Java values ({@code how}: {@code item()}, {@code toLongArray()}, ...). While
     * tracing, a value computed from the inputs read so is baked into the trace; the tracer warns or, strict, fails.
     */
    default void valueRead(Tensor t, String how) {}

    /** Installs the process's tracer; there is one, so a second, different one is an error. */
    static void install(SizeTracer tracer) { InstalledSizeTracer.set(tracer); }

    /** The installed tracer, or one that treats every size as a constant. */
    static SizeTracer current() { return InstalledSizeTracer.current; }
}

/** Holds the installed size tracer (an interface cannot have private static state). */
final class InstalledSizeTracer {
    static final SizeTracer CONSTANTS = new SizeTracer() {
        @Override public SymInt symSize(Tensor t, int dim) { return SymInt.of(t.size(dim)); }
        @Override public SymInt intOp(String op, SymInt a, SymInt b, long result) { return SymInt.of(result); }
    };
    static volatile SizeTracer current = CONSTANTS;

    private InstalledSizeTracer() {}

    static synchronized void set(SizeTracer tracer) {
        if (current != CONSTANTS && current != tracer) throw new IllegalStateException("a size tracer is already installed");
        current = tracer;
    }
}
