package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces ONNX nodes whose inputs are all constants by their value, for a few cheap ops that only move or
 * exactly convert data: Transpose, Reshape, Flatten, Unsqueeze, Squeeze, Concat, Gather (small data), exact
 * Casts, and Shape of a value whose shape is fully static (after {@link ShapeInference}). A result of at most
 * {@value #NODE_LIMIT} elements becomes a {@code Constant} node (floating only below opset 9, as there),
 * a larger one an initializer. A folded Transpose is a strided view of its input's storage, not a copy. Nodes producing graph outputs are left alone.
 */
public final class OnnxConstantFolding implements GraphPass {
    static final int NODE_LIMIT = 64;
    /** Gather and Concat copy element by element: only small tensors (shape arithmetic) are folded. */
    private static final long SMALL = 1 << 16;

    private final int opset;

    public OnnxConstantFolding(int opset) { this.opset = opset; }

    @Override public String name() { return "onnx-constant-folding"; }

    @Override
    public boolean run(Graph g) {
        Set<Value> outputs = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        outputs.addAll(g.outputs());
        boolean changed = false;
        for (Node n : new ArrayList<>(g.nodes())) {
            String op = OnnxGraphs.opType(n);
            if ("If".equals(op) && foldIf(g, n)) {
                changed = true;
                continue;
            }
            if (op == null || n.outputs().size() != 1 || outputs.contains(n.output())) continue;
            Tensor r;
            try {
                r = fold(n, op);
            } catch (RuntimeException e) {
                r = null;   // malformed for folding (e.g. out-of-range index): the runtime reports it
            }
            if (r == null || r.numel() == 0) continue;   // empty results are left to the runtime
            replace(g, n, r);
            changed = true;
        }
        return changed;
    }

    /** An If whose condition is a constant: the taken branch's nodes replace it (cleanup then drops its Identities). */
    private static boolean foldIf(Graph g, Node n) {
        Tensor c = OnnxGraphs.constant(n.input(0));
        if (c == null || c.numel() != 1 || !(n.attr(c.item() != 0 ? "then_branch" : "else_branch") instanceof Graph branch)) return false;
        if (!branch.inputs().isEmpty() || !branch.initializers().isEmpty()) return false;
        List<Value> results = new ArrayList<>(branch.outputs());
        n.owner().inlineBefore(n, branch.body());
        for (int i = 0; i < n.outputs().size(); i++) {
            Value out = n.outputs().get(i), r = results.get(i);
            if (out.name() != null && g.outputs().contains(out)) {
                // a graph output keeps its name: the branch result takes it through an Identity
                Node id = n.owner().insertBefore(n, OnnxCleanup.IDENTITY, null).setScope(n.scope()).setSource(n.source());
                id.addInput(r);
                r = id.addOutput(out.type()).setName(out.name());
            }
            g.replaceAllUses(out, r);
        }
        n.owner().remove(n);
        return true;
    }

    private Tensor fold(Node n, String op) {
        if (op.equals("Shape")) return shapeOf(n);
        List<Tensor> in = new ArrayList<>();
        for (Value v : n.inputs()) {
            Tensor t = OnnxGraphs.constant(v);
            if (v == null || t == null) return null;
            in.add(t);
        }
        if (in.isEmpty()) return null;
        Tensor x = in.get(0);
        return switch (op) {
            case "Transpose" -> transpose(x, (long[]) n.attr("perm"));
            case "Reshape" -> reshape(x, reshapeTarget(x.shape(), in.get(1).toLongArray(), Long.valueOf(1).equals(n.attr("allowzero"))));
            case "Flatten" -> flatten(x, n.attr("axis") instanceof Long a ? a : 1);
            case "Unsqueeze" -> reshape(x, unsqueezed(x.shape(), axes(n, in)));
            case "Squeeze" -> reshape(x, squeezed(x.shape(), n.attr("axes") != null || in.size() > 1 ? axes(n, in) : null));
            case "Cast" -> cast(x, DType.fromOnnx(((Long) n.attr("to")).intValue()));
            case "Concat" -> concat(in, n.attr("axis") instanceof Long a ? a : 0);
            case "Gather" -> x.numel() <= SMALL ? gather(x, in.get(1), n.attr("axis") instanceof Long a ? a : 0) : null;
            default -> null;
        };
    }

    private void replace(Graph g, Node n, Tensor r) {
        Value out = n.output();
        Value v;
        if (r.numel() <= NODE_LIMIT && (opset >= 9 || r.dtype().isFloatingPoint())) {
            Node k = g.body().insertBefore(n, "onnx::Constant", null);
            k.setScope(n.scope()).setSource(n.source()).setAttr("value", r);
            v = k.addOutput(Type.tensor(r.dtype(), r.shape()));
            if (out.name() != null) v.setName(out.name());
        } else {
            v = OnnxGraphs.addInitializer(g, out.name() != null ? out.name() : "_folded_" + OnnxGraphs.opType(n), r);
        }
        g.body().replaceAllUses(out, v);
        g.body().remove(n);
    }

    /** Shape of a value whose every dim is static in its (inferred) type. */
    private static Tensor shapeOf(Node n) {
        Type t = n.input(0).type();
        if (t == null || !t.isTensor() || !t.hasShape()) return null;
        long[] s = t.shape();
        for (int d = 0; d < s.length; d++) if (t.symbol(d) != null) return null;
        int r = s.length;
        long start = n.attr("start") instanceof Long a ? clamp(a < 0 ? a + r : a, r) : 0;
        long end = n.attr("end") instanceof Long a ? clamp(a < 0 ? a + r : a, r) : r;
        long[] part = Arrays.copyOfRange(s, (int) start, (int) Math.max(start, end));
        return Tensor.of(part, part.length);
    }

    private static long clamp(long v, long r) { return Math.max(0, Math.min(r, v)); }

    private static long[] axes(Node n, List<Tensor> in) {
        return n.attr("axes") instanceof long[] a ? a : in.get(1).toLongArray();
    }

    // ---- data movement --------------------------------------------------------------------------

    static Tensor reshape(Tensor t, long[] shape) {
        Tensor c = t.contiguous();
        return c.asStrided(shape, contiguousStrides(shape), c.offset());
    }

    private static long[] contiguousStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    private static Tensor transpose(Tensor t, long[] perm) {
        int r = t.dim();
        long[] shape = new long[r], strides = new long[r];
        for (int i = 0; i < r; i++) {
            int p = perm == null ? r - 1 - i : (int) perm[i];
            shape[i] = t.shape()[p];
            strides[i] = t.strides()[p];
        }
        // A view, not a copy: a transposed Linear weight shares the weight's storage (heap or memory-mapped)
        // and the writer reads it row by row, so folding costs no time and no heap.
        return t.asStrided(shape, strides, t.offset());
    }

    /** ONNX Reshape's target: 0 copies the input dim (unless allowzero), one -1 takes the rest. */
    static long[] reshapeTarget(long[] in, long[] spec, boolean allowZero) {
        long[] out = spec.clone();
        long known = 1, total = 1;
        int minus = -1;
        for (long d : in) total *= d;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) out[i] = in[i];
            if (out[i] == -1) {
                if (minus >= 0) throw new IllegalArgumentException("two -1 in Reshape");
                minus = i;
            } else {
                known *= out[i];
            }
        }
        if (minus >= 0) {
            if (known == 0 || total % known != 0) throw new IllegalArgumentException("Reshape -1 does not divide");
            out[minus] = total / known;
        } else if (known != total) {
            throw new IllegalArgumentException("Reshape changes the element count");
        }
        return out;
    }

    private static Tensor flatten(Tensor t, long axis) {
        long[] s = t.shape();
        int a = (int) (axis < 0 ? axis + s.length : axis);
        long outer = 1, inner = 1;
        for (int i = 0; i < s.length; i++) {
            if (i < a) outer *= s[i];
            else inner *= s[i];
        }
        return reshape(t, new long[] {outer, inner});
    }

    static long[] unsqueezed(long[] s, long[] axes) {
        int r = s.length + axes.length;
        boolean[] ins = new boolean[r];
        for (long a : axes) {
            int k = (int) (a < 0 ? a + r : a);
            if (ins[k]) throw new IllegalArgumentException("repeated Unsqueeze axis");
            ins[k] = true;
        }
        long[] out = new long[r];
        for (int i = 0, k = 0; i < r; i++) out[i] = ins[i] ? 1 : s[k++];
        return out;
    }

    static long[] squeezed(long[] s, long[] axes) {
        Set<Integer> drop = new HashSet<>();
        if (axes == null) {
            for (int i = 0; i < s.length; i++) if (s[i] == 1) drop.add(i);
        } else {
            for (long a : axes) {
                int k = (int) (a < 0 ? a + s.length : a);
                if (s[k] != 1) throw new IllegalArgumentException("Squeeze of a dim that is not 1");
                drop.add(k);
            }
        }
        long[] out = new long[s.length - drop.size()];
        for (int i = 0, k = 0; i < s.length; i++) if (!drop.contains(i)) out[k++] = s[i];
        return out;
    }

    /** Casts that are exact or round exactly as ONNX Runtime does; float to int/bool is left to the runtime. */
    private static Tensor cast(Tensor t, DType to) {
        if (to == t.dtype()) return t;
        if (t.dtype().isFloatingPoint() && !to.isFloatingPoint()) return null;
        if (to == DType.BOOL) return null;
        if (t.dtype().isBool() || t.dtype().isIntegral() && to.isIntegral() && to.byteSize() < t.dtype().byteSize()) return null;
        return t.copy(to);
    }

    private static Tensor concat(List<Tensor> in, long axisAttr) {
        Tensor first = in.get(0);
        int r = first.dim();
        int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
        long[] shape = first.shape();
        long along = 0, total = 0;
        for (Tensor t : in) {
            if (t.dtype() != first.dtype() || t.dim() != r) return null;
            along += t.shape()[axis];
            total += t.numel();
        }
        if (total > SMALL) return null;
        shape[axis] = along;
        long outer = 1, inner = 1;
        for (int i = 0; i < r; i++) {
            if (i < axis) outer *= shape[i];
            else if (i > axis) inner *= shape[i];
        }
        Tensor out = Tensor.zeros(first.dtype(), shape);
        long k = 0;
        for (long o = 0; o < outer; o++) {
            for (Tensor t : in) {
                long chunk = t.shape()[axis] * inner;
                for (long j = 0; j < chunk; j++) copy(t, o * chunk + j, out, k++);
            }
        }
        return out;
    }

    private static Tensor gather(Tensor data, Tensor idx, long axisAttr) {
        int r = data.dim();
        int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
        long[] ds = data.shape();
        long[] ix = idx.toLongArray();
        long[] shape = new long[r - 1 + idx.dim()];
        int k = 0;
        for (int i = 0; i < axis; i++) shape[k++] = ds[i];
        for (long d : idx.shape()) shape[k++] = d;
        for (int i = axis + 1; i < r; i++) shape[k++] = ds[i];
        long outer = 1, inner = 1;
        for (int i = 0; i < r; i++) {
            if (i < axis) outer *= ds[i];
            else if (i > axis) inner *= ds[i];
        }
        Tensor out = Tensor.zeros(data.dtype(), shape);
        long pos = 0;
        for (long o = 0; o < outer; o++) {
            for (long j : ix) {
                long row = j < 0 ? j + ds[axis] : j;
                if (row < 0 || row >= ds[axis]) throw new IllegalArgumentException("Gather index out of range");
                for (long i = 0; i < inner; i++) copy(data, (o * ds[axis] + row) * inner + i, out, pos++);
            }
        }
        return out;
    }

    /** One element, exactly: integers and bools as long, floating types as double. */
    private static void copy(Tensor src, long from, Tensor dst, long to) {
        if (src.dtype().isFloatingPoint()) dst.storage().setDouble(to, src.getDoubleFlat(from));
        else dst.storage().setLong(to, src.getLongFlat(from));
    }
}
