package dev.onnxport.onnx.passes;

import static dev.onnxport.onnx.passes.ShapeInference.dims;
import static dev.onnxport.onnx.passes.ShapeInference.statics;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Output dims of the common ONNX ops from their input dims, attributes and constant inputs. A rule returns
 * one dims list per output (null where it cannot tell); it may throw when a node does not fit, which leaves
 * the outputs unknown. The content of small int64 shape tensors is followed in {@code values}.
 */
final class ShapeRules {
    private static final Set<String> SAME_SHAPE = Set.of("Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Sin", "Cos",
            "Tan", "Tanh", "Sigmoid", "Erf", "Floor", "Ceil", "Round", "Sign", "Atan", "Asin", "Acos", "Sinh", "Cosh",
            "Asinh", "Acosh", "Atanh", "IsNaN", "IsInf", "Not", "Relu", "LeakyRelu", "Elu", "Selu", "Celu",
            "HardSigmoid", "HardSwish", "Softplus", "Softsign", "Mish", "Gelu", "Cast", "CastLike", "Clip", "Softmax",
            "LogSoftmax", "Hardmax", "CumSum", "Identity", "BitwiseNot", "ThresholdedRelu", "Trilu", "Dropout",
            "LayerNormalization", "BatchNormalization", "InstanceNormalization", "LRN", "Shrink", "MeanVarianceNormalization");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum",
            "Mean", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where", "PRelu",
            "BitwiseAnd", "BitwiseOr", "BitwiseXor");
    private static final Set<String> BOOL_OUT = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "And", "Or", "Xor", "Not", "IsNaN", "IsInf");

    private final Map<Value, List<Dim>> values;

    ShapeRules(Map<Value, List<Dim>> values) { this.values = values; }

    /** The dtype a rule gives output {@code i}, used only where the traced type has none. */
    DType dtype(Node n, int i) {
        String op = OnnxGraphs.opType(n);
        if (op == null) return null;
        if (BOOL_OUT.contains(op) || op.equals("Dropout") && i == 1) return DType.BOOL;
        switch (op) {
            case "Shape", "Size", "ArgMax", "ArgMin", "NonZero" -> { return DType.INT64; }
            case "Cast" -> { return DType.fromOnnx(((Long) n.attr("to")).intValue()); }
            case "Constant" -> { return n.attr("value") instanceof Tensor t ? t.dtype() : null; }
            case "ConstantOfShape" -> { return n.attr("value") instanceof Tensor t ? t.dtype() : DType.FLOAT32; }
            case "Where" -> { return dtypeOf(n.input(1)); }
            default -> {
                if ((op.equals("MaxPool") || op.equals("TopK")) && i == 1) return DType.INT64;
                return n.inputs().isEmpty() ? null : dtypeOf(n.input(0));
            }
        }
    }

    private static DType dtypeOf(Value v) {
        return v == null || v.type() == null || !v.type().isTensor() ? null : v.type().dtype();
    }

    List<List<Dim>> infer(Node n) {
        String op = OnnxGraphs.opType(n);
        if (op == null) return null;
        List<List<Dim>> out = shapes(n, op);
        track(n, op);
        return out;
    }

    private List<List<Dim>> shapes(Node n, String op) {
        if (op.equals("Constant")) return one(statics(((Tensor) n.attr("value")).shape()));
        if (SAME_SHAPE.contains(op)) {
            List<Dim> x = dims(n.input(0));
            if (op.equals("Dropout") || op.equals("BatchNormalization") && n.outputs().size() == 1) return Collections.nCopies(n.outputs().size(), x);
            return one(x);
        }
        if (BROADCAST.contains(op)) {
            List<Dim> s = dims(n.input(0));
            for (int i = 1; i < n.inputs().size(); i++) s = broadcast(s, dims(n.input(i)));
            return one(s);
        }
        List<Dim> x = n.inputs().isEmpty() || n.input(0) == null ? null : dims(n.input(0));
        switch (op) {
            case "ConstantOfShape" -> { return one(content(n.input(0))); }
            case "Range" -> { return one(List.of(rangeLength(n))); }
            case "Size" -> { return one(List.of()); }
        }
        if (x == null) return null;
        int r = x.size();
        switch (op) {
            case "Shape" -> {
                long[] se = shapeSlice(n, r);
                return one(statics(se[1] - se[0]));
            }
            case "MatMul" -> { return one(matmul(x, dims(n.input(1)))); }
            case "Gemm" -> {
                List<Dim> b = dims(n.input(1));
                Dim m = flag(n, "transA") ? x.get(1) : x.get(0);
                Dim k = flag(n, "transB") ? b.get(0) : b.get(1);
                return one(List.of(m, k));
            }
            case "Conv", "MaxPool", "AveragePool", "LpPool" -> { return windowed(n, op, x); }
            case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> {
                List<Dim> s = new ArrayList<>(x.subList(0, 2));
                for (int i = 2; i < r; i++) s.add(Dim.of(1));
                return one(s);
            }
            case "Flatten" -> {
                int a = (int) norm(longAttr(n, "axis", 1), r);
                return one(List.of(Dim.product(x.subList(0, a)), Dim.product(x.subList(a, r))));
            }
            case "Reshape" -> { return one(reshape(x, content(n.input(1)), flag(n, "allowzero"))); }
            case "Expand" -> { return one(broadcast(x, content(n.input(1)))); }
            case "Transpose" -> {
                long[] perm = (long[]) n.attr("perm");
                List<Dim> s = new ArrayList<>();
                for (int i = 0; i < r; i++) s.add(x.get(perm == null ? r - 1 - i : (int) perm[i]));
                return one(s);
            }
            case "Concat" -> {
                int axis = (int) norm(longAttr(n, "axis", 0), r);
                List<Dim> s = new ArrayList<>(x);
                List<Dim> along = new ArrayList<>();
                for (Value v : n.inputs()) {
                    List<Dim> d = dims(v);
                    along.add(d.get(axis));
                    for (int i = 0; i < r; i++) if (i != axis && !s.get(i).isStatic() && d.get(i).isStatic()) s.set(i, d.get(i));
                }
                s.set(axis, Dim.sum(along));
                return one(s);
            }
            case "Unsqueeze" -> {
                long[] axes = axes(n);
                int rr = r + axes.length;
                boolean[] ins = new boolean[rr];
                for (long a : axes) ins[(int) norm(a, rr)] = true;
                List<Dim> s = new ArrayList<>();
                for (int i = 0, k = 0; i < rr; i++) s.add(ins[i] ? Dim.of(1) : x.get(k++));
                return one(s);
            }
            case "Squeeze" -> {
                long[] axes = n.attr("axes") != null || n.inputs().size() > 1 ? axes(n) : null;
                List<Dim> s = new ArrayList<>();
                for (int i = 0; i < r; i++) {
                    boolean drop = false;
                    if (axes == null) {
                        if (!x.get(i).isStatic()) return null;   // may or may not be 1
                        drop = x.get(i).isOne();
                    } else {
                        for (long a : axes) drop |= norm(a, r) == i;
                    }
                    if (!drop) s.add(x.get(i));
                }
                return one(s);
            }
            case "Gather" -> {
                int axis = (int) norm(longAttr(n, "axis", 0), r);
                List<Dim> s = new ArrayList<>(x.subList(0, axis));
                s.addAll(dims(n.input(1)));
                s.addAll(x.subList(axis + 1, r));
                return one(s);
            }
            case "GatherElements" -> { return one(dims(n.input(1))); }
            case "Slice" -> { return one(slice(n, x)); }
            case "Split" -> { return split(n, x); }
            case "ArgMax", "ArgMin" -> {
                return one(reduce(x, new long[] {longAttr(n, "axis", 0)}, longAttr(n, "keepdims", 1) != 0));
            }
            case "Tile" -> {
                Tensor rep = OnnxGraphs.constant(n.input(1));
                if (rep == null) return null;
                long[] k = rep.toLongArray();
                List<Dim> s = new ArrayList<>();
                for (int i = 0; i < r; i++) s.add(k[i] == 1 ? x.get(i) : x.get(i).isStatic() ? Dim.of(x.get(i).size() * k[i]) : Dim.UNKNOWN);
                return one(s);
            }
            case "LSTM", "GRU", "RNN" -> { return recurrent(n, op, x); }
            default -> {
                if (op.startsWith("Reduce")) return one(reduction(n, x));
                return null;
            }
        }
    }

    // ---- followed values of shape tensors ----------------------------------------------------------

    /** Records the content of small int64 values that carry sizes. */
    private void track(Node n, String op) {
        Value out = n.outputs().isEmpty() ? null : n.output();
        List<Dim> v = switch (op) {
            case "Shape" -> {
                List<Dim> x = dims(n.input(0));
                if (x == null) yield null;
                long[] se = shapeSlice(n, x.size());
                yield new ArrayList<>(x.subList((int) se[0], (int) se[1]));
            }
            case "Gather" -> {
                List<Dim> data = content(n.input(0));
                Tensor idx = OnnxGraphs.constant(n.input(1));
                if (data == null || idx == null || idx.dim() > 1 || longAttr(n, "axis", 0) != 0) yield null;
                List<Dim> s = new ArrayList<>();
                for (long i : idx.toLongArray()) s.add(data.get((int) norm(i, data.size())));
                yield s;
            }
            case "Unsqueeze", "Squeeze", "Identity", "Reshape", "Flatten" -> content(n.input(0));
            case "Cast" -> Long.valueOf(DType.INT64.onnxCode()).equals(n.attr("to")) ? content(n.input(0)) : null;
            case "Concat" -> {
                List<Dim> s = new ArrayList<>();
                for (Value in : n.inputs()) {
                    List<Dim> c = content(in);
                    if (c == null) yield null;
                    s.addAll(c);
                }
                yield s;
            }
            default -> null;
        };
        if (v != null && out != null) values.put(out, v);
    }

    /** The content of a 0-D or 1-D int64 value: constant entries, followed sizes, or null. */
    private List<Dim> content(Value v) {
        List<Dim> c = values.get(v);
        if (c != null) return c;
        Tensor t = OnnxGraphs.constant(v);
        if (t == null || t.dim() > 1 || t.dtype().isFloatingPoint() || t.numel() > 64) return null;
        return statics(t.toLongArray());
    }

    // ---- rules ------------------------------------------------------------------------------------

    private static List<List<Dim>> one(List<Dim> s) {
        List<List<Dim>> out = new ArrayList<>();
        out.add(s);
        return out;
    }

    private static boolean flag(Node n, String name) { return Long.valueOf(1).equals(n.attr(name)); }

    private static long longAttr(Node n, String name, long dflt) { return n.attr(name) instanceof Long l ? l : dflt; }

    private static long norm(long d, long rank) { return d < 0 ? d + rank : d; }

    private static long[] axes(Node n) {
        if (n.attr("axes") instanceof long[] a) return a;
        return OnnxGraphs.constant(n.input(1)).toLongArray();
    }

    private static long[] shapeSlice(Node n, int r) {
        long start = Math.max(0, Math.min(r, norm(longAttr(n, "start", 0), r)));
        long end = Math.max(start, Math.min(r, norm(longAttr(n, "end", r), r)));
        return new long[] {start, end};
    }

    static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        if (a == null || b == null) return null;
        int r = Math.max(a.size(), b.size());
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            Dim x = i < r - a.size() ? Dim.of(1) : a.get(i - (r - a.size()));
            Dim y = i < r - b.size() ? Dim.of(1) : b.get(i - (r - b.size()));
            s.add(Dim.broadcast(x, y));
        }
        return s;
    }

    private static List<Dim> matmul(List<Dim> a, List<Dim> b) {
        boolean va = a.size() == 1, vb = b.size() == 1;
        List<Dim> a2 = va ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> b2 = vb ? List.of(b.get(0), Dim.of(1)) : b;
        List<Dim> s = broadcast(a2.subList(0, a2.size() - 2), b2.subList(0, b2.size() - 2));
        if (!va) s.add(a2.get(a2.size() - 2));
        if (!vb) s.add(b2.get(b2.size() - 1));
        return s;
    }

    /** ONNX Reshape: 0 copies the input dim (unless allowzero), one -1 takes what is left. */
    private static List<Dim> reshape(List<Dim> in, List<Dim> spec, boolean allowZero) {
        if (spec == null) return null;
        List<Dim> out = new ArrayList<>();
        int minus = -1;
        for (int i = 0; i < spec.size(); i++) {
            Dim d = spec.get(i);
            if (d.isStatic() && d.size() == 0 && !allowZero) d = in.get(i);
            if (d.isStatic() && d.size() == -1) minus = i;
            out.add(d);
        }
        if (minus >= 0) out.set(minus, remainder(in, out, minus));
        return out;
    }

    /** The -1 of a Reshape: input size over the other output dims, when their symbols cancel. */
    private static Dim remainder(List<Dim> in, List<Dim> out, int minus) {
        List<String> syms = new ArrayList<>();
        long inStatic = 1, outStatic = 1;
        for (Dim d : in) {
            if (d.isUnknown()) return Dim.UNKNOWN;
            if (d.isStatic()) inStatic *= d.size();
            else syms.add(d.symbol());
        }
        for (int i = 0; i < out.size(); i++) {
            if (i == minus) continue;
            Dim d = out.get(i);
            if (d.isUnknown()) return Dim.UNKNOWN;
            if (d.isStatic()) outStatic *= d.size();
            else if (!syms.remove(d.symbol())) return Dim.UNKNOWN;
        }
        if (outStatic == 0 || inStatic % outStatic != 0) return Dim.UNKNOWN;
        if (syms.isEmpty()) return Dim.of(inStatic / outStatic);
        return syms.size() == 1 && inStatic == outStatic ? new Dim(-1, syms.get(0)) : Dim.UNKNOWN;
    }

    private static Dim rangeLength(Node n) {
        Tensor s = OnnxGraphs.constant(n.input(0)), l = OnnxGraphs.constant(n.input(1)), d = OnnxGraphs.constant(n.input(2));
        if (s == null || l == null || d == null) return Dim.UNKNOWN;
        double start = s.toDoubleArray()[0], limit = l.toDoubleArray()[0], delta = d.toDoubleArray()[0];
        return Dim.of(Math.max(0, (long) Math.ceil((limit - start) / delta)));
    }

    /** Conv and pools: batch, channels (Conv: weight's out-channels), then one windowed size per spatial dim. */
    private static List<List<Dim>> windowed(Node n, String op, List<Dim> x) {
        int spatial = x.size() - 2;
        long[] kernel = n.attr("kernel_shape") instanceof long[] k ? k : null;
        Dim channels = x.get(1);
        if (op.equals("Conv")) {
            List<Dim> w = dims(n.input(1));
            channels = w.get(0);
            if (kernel == null) {
                kernel = new long[spatial];
                for (int i = 0; i < spatial; i++) kernel[i] = w.get(i + 2).size();
            }
        }
        long[] strides = n.attr("strides") instanceof long[] s ? s : ones(spatial);
        long[] dil = n.attr("dilations") instanceof long[] d ? d : ones(spatial);
        long[] pads = n.attr("pads") instanceof long[] p ? p : new long[2 * spatial];
        String autoPad = n.attr("auto_pad") instanceof String a ? a : "NOTSET";
        boolean ceil = flag(n, "ceil_mode");
        List<Dim> s = new ArrayList<>(List.of(x.get(0), channels));
        for (int i = 0; i < spatial; i++) {
            Dim in = x.get(i + 2);
            if (!in.isStatic()) {
                s.add(Dim.UNKNOWN);
                continue;
            }
            long span = dil[i] * (kernel[i] - 1) + 1;
            long size = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> ceilDiv(in.size(), strides[i]);
                case "VALID" -> (in.size() - span) / strides[i] + 1;
                default -> {
                    long total = in.size() + pads[i] + pads[i + spatial] - span;
                    long o = (ceil ? ceilDiv(total, strides[i]) : Math.floorDiv(total, strides[i])) + 1;
                    // a last window that starts in the end padding is dropped (ceil mode)
                    if (ceil && (o - 1) * strides[i] >= in.size() + pads[i]) o--;
                    yield o;
                }
            };
            s.add(Dim.of(size));
        }
        return Collections.nCopies(op.equals("MaxPool") ? n.outputs().size() : 1, s);
    }

    private static long ceilDiv(long a, long b) { return -Math.floorDiv(-a, b); }

    private static long[] ones(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    private List<Dim> slice(Node n, List<Dim> x) {
        long[] starts, ends, axes, steps;
        if (n.inputs().size() > 1) {
            starts = constLongs(n.input(1));
            ends = constLongs(n.input(2));
            axes = n.inputs().size() > 3 && n.input(3) != null ? constLongs(n.input(3)) : null;
            steps = n.inputs().size() > 4 && n.input(4) != null ? constLongs(n.input(4)) : null;
        } else {
            starts = (long[]) n.attr("starts");
            ends = (long[]) n.attr("ends");
            axes = n.attr("axes") instanceof long[] a ? a : null;
            steps = null;
        }
        if (starts == null || ends == null) {
            List<Dim> s = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) s.add(Dim.UNKNOWN);
            if (axes != null) {
                s = new ArrayList<>(x);
                for (long a : axes) s.set((int) norm(a, x.size()), Dim.UNKNOWN);
            }
            return s;
        }
        List<Dim> s = new ArrayList<>(x);
        for (int k = 0; k < starts.length; k++) {
            int axis = (int) norm(axes == null ? k : axes[k], x.size());
            long step = steps == null ? 1 : steps[k];
            Dim in = x.get(axis);
            if (!in.isStatic()) {
                boolean whole = step == 1 && starts[k] == 0 && ends[k] >= Integer.MAX_VALUE;
                s.set(axis, whole ? in : Dim.UNKNOWN);
                continue;
            }
            long dim = in.size();
            long st = clampIndex(starts[k], dim, step), en = clampIndex(ends[k], dim, step);
            long len = step > 0 ? Math.max(0, ceilDiv(en - st, step)) : Math.max(0, ceilDiv(st - en, -step));
            s.set(axis, Dim.of(len));
        }
        return s;
    }

    private static long clampIndex(long i, long dim, long step) {
        if (i < 0) i += dim;
        return step > 0 ? Math.max(0, Math.min(dim, i)) : Math.max(-1, Math.min(dim - 1, i));
    }

    private long[] constLongs(Value v) {
        List<Dim> c = content(v);
        if (c == null) return null;
        long[] out = new long[c.size()];
        for (int i = 0; i < out.length; i++) {
            if (!c.get(i).isStatic()) return null;
            out[i] = c.get(i).size();
        }
        return out;
    }

    private List<List<Dim>> split(Node n, List<Dim> x) {
        int axis = (int) norm(longAttr(n, "axis", 0), x.size());
        int parts = n.outputs().size();
        long[] split = n.attr("split") instanceof long[] a ? a
                : n.inputs().size() > 1 && n.input(1) != null ? constLongs(n.input(1)) : null;
        List<List<Dim>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            Dim d;
            if (split != null) d = Dim.of(split[p]);
            else if (x.get(axis).isStatic() && x.get(axis).size() % parts == 0) d = Dim.of(x.get(axis).size() / parts);
            else d = Dim.UNKNOWN;
            List<Dim> s = new ArrayList<>(x);
            s.set(axis, d);
            out.add(s);
        }
        return out;
    }

    private List<Dim> reduction(Node n, List<Dim> x) {
        long[] axes = n.attr("axes") instanceof long[] a ? a
                : n.inputs().size() > 1 && n.input(1) != null ? constLongs(n.input(1)) : new long[0];
        if (axes == null) return null;
        if (axes.length == 0) {
            if (flag(n, "noop_with_empty_axes")) return x;
            axes = new long[x.size()];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        return reduce(x, axes, longAttr(n, "keepdims", 1) != 0);
    }

    private static List<Dim> reduce(List<Dim> in, long[] axes, boolean keep) {
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            boolean red = false;
            for (long a : axes) red |= norm(a, in.size()) == i;
            if (!red) s.add(in.get(i));
            else if (keep) s.add(Dim.of(1));
        }
        return s;
    }

    /** Y, Y_h (and Y_c) of LSTM / GRU / RNN in either layout. */
    private static List<List<Dim>> recurrent(Node n, String op, List<Dim> x) {
        boolean batchFirst = flag(n, "layout");
        Dim seq = batchFirst ? x.get(1) : x.get(0), batch = batchFirst ? x.get(0) : x.get(1);
        Dim dirs = Dim.of("bidirectional".equals(n.attr("direction")) ? 2 : 1);
        Dim hidden = Dim.of((Long) n.attr("hidden_size"));
        List<Dim> y = batchFirst ? List.of(batch, seq, dirs, hidden) : List.of(seq, dirs, batch, hidden);
        List<Dim> h = batchFirst ? List.of(batch, dirs, hidden) : List.of(dirs, batch, hidden);
        List<List<Dim>> out = new ArrayList<>();
        for (int i = 0; i < n.outputs().size(); i++) out.add(i == 0 ? y : h);
        return out;
    }
}
