package dev.onnxport.nn;

import dev.onnxport.ir.Block;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.SourceLocation;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The implementation of the control-flow section of {@link F}. Eagerly, plain Java loops and branches. While
 * tracing, one node ({@code prim::If}, {@code prim::Loop}, {@code prim::Scan}) whose blocks hold the bodies, each
 * recorded once (both branches of a cond; the first iteration of a loop or scan) on stand-ins for its inputs;
 * outer tensors are read by reference. The node's outputs are the eager results, computed with the rest of the
 * iterations unrecorded.
 *
 * <p>Block layouts (the lowering's contract): {@code prim::If(cond)}, blocks then/else without inputs, outputs
 * the results. {@code prim::Loop(max_trips int64 0-d, cond bool, carried...)}, one block with inputs
 * {@code (iteration int64 0-d, carried...)} and outputs {@code (cond, carried...)}; outputs the final carried values.
 * {@code prim::Scan(init..., xs...)}, attributes {@code num_scan_inputs}, {@code axis} (non-negative), one block
 * with inputs {@code (carry..., x_t...)} and outputs {@code (carry..., y_t...)}; outputs the final carry, then the
 * y's stacked along {@code axis}.
 */
final class ControlFlow {
    private ControlFlow() {}

    static final String IF = "prim::If", LOOP = "prim::Loop", SCAN = "prim::Scan";

    // ---- cond ------------------------------------------------------------------------------------------

    static Tensor[] cond(Tensor pred, F.Body thenFn, F.Body elseFn, Tensor[] operands) {
        checkPredicate(pred, "cond");
        if (!Tracer.isRecording()) return results((truth(pred) ? thenFn : elseFn).apply(operands.clone()), "cond");
        Node n = Tracer.controlFlow(IF, pred);
        Tensor[] a = Tracer.recordBlock(n, new Tensor[0], new Type[0], x -> results(thenFn.apply(operands.clone()), "cond"));
        Tensor[] b = Tracer.recordBlock(n, new Tensor[0], new Type[0], x -> results(elseFn.apply(operands.clone()), "cond"));
        Block tb = n.blocks().get(0), eb = n.blocks().get(1);
        if (a.length != b.length) {
            throw new IllegalArgumentException("cond at " + n.source() + ": the branches return different numbers of values: "
                    + "the then branch " + a.length + " (" + where(tb, 0) + "), the else branch " + b.length + " (" + where(eb, 0)
                    + "); return the same values from both");
        }
        Type[] types = new Type[a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i].dtype() != b[i].dtype() || a[i].dim() != b[i].dim()) {
                throw new IllegalArgumentException("cond at " + n.source() + ": output " + i + " differs between the branches: "
                        + "the then branch gives " + a[i].dtype().irName() + Arrays.toString(a[i].shape()) + " (" + where(tb, i)
                        + "), the else branch " + b[i].dtype().irName() + Arrays.toString(b[i].shape()) + " (" + where(eb, i)
                        + "); both must have the same dtype and rank (sizes may differ)");
            }
            types[i] = merged(a[i].dtype(), a[i].shape(), b[i].shape());
        }
        boolean taken = pred.isMeta() || truth(pred);   // shape-only traces cannot read the predicate: sizes of the then branch
        return Tracer.finishControlFlow(n, taken ? a : b, types);
    }

    // ---- loops -----------------------------------------------------------------------------------------

    /** {@code while (i < maxTrips && cond(c)) c = body(i, c)}; {@code cond} null means always true (fori). */
    static Tensor[] loop(F.Predicate cond, F.IndexedBody body, Tensor maxTrips, Tensor[] carried, String what) {
        if (maxTrips.dtype() != DType.INT64 || maxTrips.numel() != 1) {
            throw new IllegalArgumentException(what + ": the trip count must be one int64 value, got " + maxTrips.dtype().irName()
                    + Arrays.toString(maxTrips.shape()));
        }
        if (!Tracer.isRecording()) {
            Tensor[] c = carried.clone();
            long max = count(maxTrips);
            for (long i = 0; i < max && (cond == null || truth(checkPredicate(cond.test(c.clone()), what))); i++) {
                c = loopStep(body, Tensor.scalar(i), c, what);
            }
            return c;
        }
        Tensor cond0 = cond == null ? Tensor.of(new boolean[] {true}) : checkPredicate(cond.test(carried.clone()), what);
        Tensor[] ins = new Tensor[carried.length + 2];
        ins[0] = maxTrips;
        ins[1] = cond0;
        System.arraycopy(carried, 0, ins, 2, carried.length);
        Node n = Tracer.controlFlow(LOOP, ins);
        Tensor[] standIns = new Tensor[carried.length + 1];
        Type[] types = new Type[standIns.length];
        standIns[0] = Tensor.scalar(0L);
        types[0] = Type.tensor(DType.INT64, new long[0]);
        for (int k = 0; k < carried.length; k++) {
            standIns[k + 1] = alias(carried[k]);
            types[k + 1] = Type.tensor(carried[k].dtype(), carried[k].shape());
        }
        Tensor[] step = Tracer.recordBlock(n, standIns, types, in -> {
            Tensor[] next = loopStep(body, in[0], Arrays.copyOfRange(in, 1, in.length), what);
            Tensor c = cond == null ? Tensor.of(new boolean[] {true}) : checkPredicate(cond.test(next.clone()), what);
            Tensor[] out = new Tensor[next.length + 1];
            out[0] = c;
            System.arraycopy(next, 0, out, 1, next.length);
            return out;
        });
        Tensor[] firstStep = Arrays.copyOfRange(step, 1, step.length);
        Tensor[] result;
        if (maxTrips.isMeta() || cond0.isMeta()) {
            result = firstStep;   // a shape-only trace cannot count trips: the sizes after one
        } else {
            long max = count(maxTrips);
            boolean go = truth(cond0) && max > 0;
            Tensor[] c = carried.clone();
            long i = 0;
            if (go) {
                c = firstStep;
                i = 1;
                go = truth(step[0]);
            }
            final boolean start = go;
            final long from = i;
            final Tensor[] c0 = c;
            result = Tracer.untraced(() -> {
                Tensor[] cur = c0;
                boolean more = start;
                for (long j = from; more && j < max; j++) {
                    cur = loopStep(body, Tensor.scalar(j), cur, what);
                    more = cond == null || truth(checkPredicate(cond.test(cur.clone()), what));
                }
                return cur;
            });
        }
        // dims that change from one iteration to the next are unknown in the body and in the results
        Block b = n.blocks().get(0);
        Type[] outTypes = new Type[carried.length];
        for (int k = 0; k < carried.length; k++) {
            Type t = varying(carried[k].dtype(), carried[k].shape(), firstStep[k].shape(), result[k].shape());
            b.inputs().get(k + 1).setType(t);
            outTypes[k] = varying(carried[k].dtype(), result[k].shape(), firstStep[k].shape(), carried[k].shape());
        }
        return Tracer.finishControlFlow(n, result, outTypes);
    }

    private static Tensor[] loopStep(F.IndexedBody body, Tensor i, Tensor[] c, String what) {
        Tensor[] next = results(body.apply(i, c.clone()), what);
        if (next.length != c.length) {
            throw new IllegalArgumentException(what + ": the body returns " + next.length + " values for " + c.length
                    + " carried ones; return one new value per carried value");
        }
        for (int k = 0; k < c.length; k++) {
            if (next[k].dtype() != c[k].dtype() || next[k].dim() != c[k].dim()) {
                throw new IllegalArgumentException(what + ": carried value " + k + " enters the body as " + c[k].dtype().irName()
                        + Arrays.toString(c[k].shape()) + " and leaves it as " + next[k].dtype().irName() + Arrays.toString(next[k].shape())
                        + "; a carried value keeps its dtype and rank");
            }
        }
        return next;
    }

    // ---- scan ------------------------------------------------------------------------------------------

    static Tensor[] scan(F.Body fn, Tensor[] init, long axis, Tensor[] xs) {
        if (xs.length == 0) throw new IllegalArgumentException("scan: give at least one tensor to scan over");
        int rank = xs[0].dim();
        long ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) throw new IllegalArgumentException("scan: axis " + axis + " is out of range for rank " + rank);
        long len = xs[0].size((int) ax);
        for (Tensor x : xs) {
            if (x.dim() != rank || x.size((int) ax) != len) {
                throw new IllegalArgumentException("scan: the scanned tensors differ in rank or in length along axis " + axis
                        + " (" + Arrays.toString(xs[0].shape()) + " and " + Arrays.toString(x.shape()) + ")");
            }
        }
        if (len == 0) throw new IllegalArgumentException("scan: axis " + axis + " has length 0; there is no step to run");
        if (!Tracer.isRecording()) return scanEager(fn, init, ax, xs, 0, init.clone(), new ArrayList<>());
        Tensor[] ins = new Tensor[init.length + xs.length];
        System.arraycopy(init, 0, ins, 0, init.length);
        System.arraycopy(xs, 0, ins, init.length, xs.length);
        Node n = Tracer.controlFlow(SCAN, ins);
        n.setAttr("num_scan_inputs", (long) xs.length);
        n.setAttr("axis", ax);
        Tensor[] standIns = new Tensor[ins.length];
        Type[] types = new Type[ins.length];
        for (int k = 0; k < init.length; k++) {
            standIns[k] = alias(init[k]);
            types[k] = Type.tensor(init[k].dtype(), init[k].shape());
        }
        for (int k = 0; k < xs.length; k++) {
            Tensor x = xs[k];
            standIns[init.length + k] = Tracer.untraced(() -> F.select(x, ax, 0));
            types[init.length + k] = Type.tensor(x.dtype(), standIns[init.length + k].shape());
        }
        Tensor[] step = Tracer.recordBlock(n, standIns, types, in -> scanStep(fn, in, init.length));
        List<Tensor[]> ys = new ArrayList<>();
        ys.add(Arrays.copyOfRange(step, init.length, step.length));
        Tensor[] result = Tracer.untraced(() -> scanEager(fn, init, ax, xs, 1, Arrays.copyOfRange(step, 0, init.length), ys));
        Block b = n.blocks().get(0);
        Type[] outTypes = new Type[result.length];
        for (int k = 0; k < result.length; k++) {
            if (k < init.length) {
                b.inputs().get(k).setType(varying(init[k].dtype(), init[k].shape(), step[k].shape(), result[k].shape()));
                outTypes[k] = varying(init[k].dtype(), result[k].shape(), step[k].shape(), init[k].shape());
            } else {
                outTypes[k] = Type.tensor(result[k].dtype(), result[k].shape());
            }
        }
        return Tracer.finishControlFlow(n, result, outTypes);
    }

    private static Tensor[] scanEager(F.Body fn, Tensor[] init, long ax, Tensor[] xs, long from, Tensor[] carry, List<Tensor[]> ys) {
        long len = xs[0].size((int) ax);
        Tensor[] c = carry;
        for (long t = from; t < len; t++) {
            Tensor[] in = new Tensor[c.length + xs.length];
            System.arraycopy(c, 0, in, 0, c.length);
            for (int k = 0; k < xs.length; k++) in[c.length + k] = F.select(xs[k], ax, t);
            Tensor[] out = scanStep(fn, in, init.length);
            c = Arrays.copyOfRange(out, 0, init.length);
            ys.add(Arrays.copyOfRange(out, init.length, out.length));
        }
        int ny = ys.get(0).length;
        Tensor[] result = new Tensor[init.length + ny];
        System.arraycopy(c, 0, result, 0, c.length);
        for (int k = 0; k < ny; k++) {
            List<Tensor> parts = new ArrayList<>();
            for (Tensor[] y : ys) parts.add(y[k]);
            result[init.length + k] = F.stack(parts, ax);
        }
        return result;
    }

    private static Tensor[] scanStep(F.Body fn, Tensor[] in, int carried) {
        Tensor[] out = results(fn.apply(in.clone()), "scan");
        if (out.length < carried) {
            throw new IllegalArgumentException("scan: the step returns " + out.length + " values for " + carried
                    + " carried ones; return the new carried values, then the per-step outputs");
        }
        for (int k = 0; k < carried; k++) {
            if (out[k].dtype() != in[k].dtype() || out[k].dim() != in[k].dim()) {
                throw new IllegalArgumentException("scan: carried value " + k + " enters the step as " + in[k].dtype().irName()
                        + Arrays.toString(in[k].shape()) + " and leaves it as " + out[k].dtype().irName() + Arrays.toString(out[k].shape())
                        + "; a carried value keeps its dtype and rank");
            }
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static Tensor checkPredicate(Tensor p, String what) {
        if (p == null || p.dtype() != DType.BOOL || p.numel() != 1) {
            throw new IllegalArgumentException(what + ": the condition must be one bool value, got "
                    + (p == null ? "null" : p.dtype().irName() + Arrays.toString(p.shape())) + "; compare with F.gt, F.lt, ...");
        }
        return p;
    }

    /** The predicate's value; read unrecorded, since reading it is this class's business, not a tracing pitfall. */
    private static boolean truth(Tensor p) { return Tracer.untraced(() -> p.item() != 0); }

    private static long count(Tensor n) { return Tracer.untraced(n::itemLong); }

    private static Tensor[] results(Tensor[] r, String what) {
        if (r == null) throw new IllegalArgumentException(what + ": a body returned null; return a Tensor[] (empty for none)");
        for (Tensor t : r) if (t == null) throw new IllegalArgumentException(what + ": a body returned a null tensor");
        return r;
    }

    private static Tensor alias(Tensor t) { return t.asStrided(t.shape(), t.strides(), t.offset()); }

    /** The type of shape {@code a} where dims that differ from {@code b} are unknown. */
    private static Type merged(DType dtype, long[] a, long[] b) {
        Type t = Type.tensor(dtype, a);
        for (int d = 0; d < a.length; d++) if (a[d] != b[d]) t = t.withSymbol(d, Type.UNKNOWN_DIM);
        return t;
    }

    /** The type of shape {@code a} where dims that differ in {@code b} or {@code c} are unknown. */
    private static Type varying(DType dtype, long[] a, long[] b, long[] c) {
        Type t = Type.tensor(dtype, a);
        for (int d = 0; d < a.length; d++) if (a[d] != b[d] || a[d] != c[d]) t = t.withSymbol(d, Type.UNKNOWN_DIM);
        return t;
    }

    /** Where block output {@code i} was made, for messages. */
    private static String where(Block b, int i) {
        SourceLocation s = null;
        if (i < b.outputs().size()) {
            Value v = b.outputs().get(i);
            if (v.producer() != null) s = v.producer().source();
        }
        if (s == null && !b.nodes().isEmpty()) s = b.nodes().get(b.nodes().size() - 1).source();
        return s == null ? "returns a value from outside the branch" : "at " + s;
    }
}
