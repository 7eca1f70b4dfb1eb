package dev.onnxport.tensor;

/**
 * An integer read from a tensor's shape. Outside tracing it is just its value. While tracing it also
 * carries the graph value that computes it, and arithmetic on it is recorded, so that a reshape
 * written as {@code x.view(B, T, h, C / h)} stays correct when the exported model runs at other sizes.
 */
public final class SymInt {
    private final long value;
    private final Object traced;

    /** {@code traced} is the tracer's handle of the graph value computing {@code value} (opaque to this layer). */
    public SymInt(long value, Object traced) {
        this.value = value;
        this.traced = traced;
    }

    public static SymInt of(long v) { return new SymInt(v, null); }

    /** The concrete value seen during this run. */
    public long value() { return value; }

    /** The tracer's handle of the graph value computing this integer, or null when it is a plain constant. */
    public Object traced() { return traced; }

    public boolean isSymbolic() { return traced != null; }

    public SymInt add(SymInt o) { return SizeTracer.current().intOp("aten::add.int", this, o, Math.addExact(value, o.value)); }
    public SymInt add(long o) { return add(of(o)); }
    public SymInt sub(SymInt o) { return SizeTracer.current().intOp("aten::sub.int", this, o, Math.subtractExact(value, o.value)); }
    public SymInt sub(long o) { return sub(of(o)); }
    public SymInt mul(SymInt o) { return SizeTracer.current().intOp("aten::mul.int", this, o, Math.multiplyExact(value, o.value)); }
    public SymInt mul(long o) { return mul(of(o)); }
    /** Floor division, as Python's {@code //}. */
    public SymInt floorDiv(SymInt o) { return SizeTracer.current().intOp("aten::floordiv.int", this, o, Math.floorDiv(value, o.value)); }
    public SymInt floorDiv(long o) { return floorDiv(of(o)); }

    @Override public String toString() { return traced == null ? Long.toString(value) : value + "(sym)"; }
}
