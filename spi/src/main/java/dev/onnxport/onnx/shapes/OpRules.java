package dev.onnxport.onnx.shapes;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry of per-op rules of the {@link ShapeEngine}, one entry per ONNX op type, each declared once: how
 * the op's output dims follow from its inputs ({@link Shapes}: one dims list per output, null where unknown), its
 * output dtypes ({@link Dtypes}; the dtype of input 0 when the rule has none), and, for ops that compute shapes,
 * the content of its output as dims ({@link Values}).
 */
final class OpRules {
    private OpRules() {}

    /** Output dims, one list per output (null where unknown); may throw when the node does not fit. */
    @FunctionalInterface interface Shapes { List<List<Dim>> apply(OpNode n); }

    /** The dtype of output {@code i}. */
    @FunctionalInterface interface Dtypes { DType apply(OpNode n, int i); }

    /** The elements of the (0-D or 1-D int64) output as dims, or null when not followed. */
    @FunctionalInterface interface Values { List<Dim> apply(OpNode n); }

    /** The rule of one op; a null part means: dims unknown, dtype of input 0, content not followed. */
    record Rule(Shapes shapes, Dtypes dtypes, Values values) {}

    private static final Map<String, Rule> RULES = new TreeMap<>();

    /** What is known of a default-domain op without a rule: the dtype of input 0. */
    static final Rule UNKNOWN_OP = new Rule(null, null, null);

    /** The rule of a default-domain op type, or null. */
    static Rule get(String opType) { return RULES.get(opType); }

    /** Every op type that has a rule. */
    static Set<String> ops() { return Collections.unmodifiableSet(RULES.keySet()); }

    private static void add(String op, Shapes shapes, Dtypes dtypes, Values values) {
        if (RULES.putIfAbsent(op, new Rule(shapes, dtypes, values)) != null) {
            throw new IllegalStateException("two shape rules for " + op);
        }
    }

    private static final Dtypes BOOL = (n, i) -> DType.BOOL;
    private static final Dtypes INT64 = (n, i) -> DType.INT64;

    static {
        // ---- elementwise and normalizations: the shape of input 0 -----------------------------------
        Shapes same = n -> one(n.dims(0));
        for (String op : List.of("Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Sin", "Cos", "Tan", "Tanh",
                "Sigmoid", "Erf", "Sign", "Atan", "Asin", "Acos", "Sinh", "Cosh", "Asinh",
                "Acosh", "Atanh", "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus",
                "Softsign", "Mish", "Gelu", "Clip", "Softmax", "LogSoftmax", "Hardmax", "CumSum", "BitwiseNot",
                "ThresholdedRelu", "Trilu", "LayerNormalization", "BatchNormalization", "InstanceNormalization", "LRN",
                "Shrink", "MeanVarianceNormalization", "ScatterElements", "ScatterND", "Scatter")) {
            add(op, same, null, null);
        }
        for (String op : List.of("IsNaN", "IsInf", "Not")) add(op, same, BOOL, null);
        add("Identity", same, null, n -> n.content(0));
        for (String op : List.of("Floor", "Ceil", "Round")) add(op, same, null, n -> n.content(0));   // sizes are integers
        add("Cast", same, (n, i) -> DType.fromOnnx((int) n.attr("to", -1)), OpRules::castContent);
        add("CastLike", same, (n, i) -> n.dtype(1), null);
        add("Dropout", n -> Collections.nCopies(n.outputs, n.dims(0)), (n, i) -> i == 1 ? DType.BOOL : n.dtype(0), null);

        // ---- multidirectional broadcasting -------------------------------------------------------------
        Shapes broadcast = n -> {
            List<Dim> s = n.dims(0);
            for (int i = 1; i < n.inputs(); i++) s = broadcast(s, n.dims(i));
            return one(s);
        };
        for (String op : List.of("Pow", "Mod", "Max", "Min", "Sum", "Mean", "PRelu", "BitwiseAnd", "BitwiseOr", "BitwiseXor")) {
            add(op, broadcast, null, null);
        }
        for (String op : List.of("Add", "Sub", "Mul", "Div")) add(op, broadcast, null, OpRules::arithmetic);
        for (String op : List.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor")) {
            add(op, broadcast, BOOL, null);
        }
        add("Where", broadcast, (n, i) -> n.dtype(1), null);

        // ---- matrix products -------------------------------------------------------------------------------
        add("MatMul", n -> one(matmul(n.dims(0), n.dims(1))), null, null);
        add("Gemm", n -> {
            List<Dim> a = n.dims(0), b = n.dims(1);
            return one(List.of(n.flag("transA") ? a.get(1) : a.get(0), n.flag("transB") ? b.get(0) : b.get(1)));
        }, null, null);

        // ---- constants and shape computations -------------------------------------------------------------
        add("Constant", n -> one(ShapeEngine.statics(((Tensor) n.attr("value")).shape())),
                (n, i) -> n.attr("value") instanceof Tensor t ? t.dtype() : null, null);
        add("ConstantOfShape", n -> one(n.content(0)),
                (n, i) -> n.attr("value") instanceof Tensor t ? t.dtype() : DType.FLOAT32, null);
        add("Shape", n -> {
            int[] se = shapeSlice(n, n.dims(0).size());
            return one(ShapeEngine.statics(se[1] - se[0]));
        }, INT64, n -> {
            List<Dim> x = n.dims(0);
            int[] se = shapeSlice(n, x.size());
            return x.subList(se[0], se[1]);
        });
        add("Size", n -> one(List.of()), INT64, n -> List.of(Dim.product(n.dims(0))));
        add("Range", n -> one(List.of(rangeLength(n))), null, null);
        // ---- control flow: the types of the bodies' outputs -------------------------------------------------
        add("If", OpRules::ifShapes, (n, i) -> sub(n, "then_branch").outputs().get(i).type().dtype(), null);
        add("Loop", OpRules::loopShapes, (n, i) -> sub(n, "body").outputs().get(i + 1).type().dtype(), null);
        add("Scan", OpRules::scanShapes, (n, i) -> sub(n, "body").outputs().get(i).type().dtype(), null);
        add("NonZero", n -> one(List.of(Dim.of(n.dims(0).size()), nonZeroCount(n))), INT64, null);
        // the number of unique values (or slices) depends on the data; the inverse indices follow the input
        add("Unique", n -> {
            List<Dim> x = n.dims(0);
            Object axis = n.attr("axis");
            List<Dim> y;
            Dim inverse;
            if (axis instanceof Long a) {
                int k = (int) norm(a, x.size());
                y = new ArrayList<>(x);
                y.set(k, Dim.UNKNOWN);
                inverse = x.get(k);
            } else {
                y = List.of(Dim.UNKNOWN);
                inverse = Dim.product(x);
            }
            List<List<Dim>> out = new ArrayList<>(List.of(y, List.of(Dim.UNKNOWN), List.of(inverse), List.of(Dim.UNKNOWN)));
            return out.subList(0, Math.min(n.outputs, 4));
        }, (n, i) -> i == 0 ? n.dtype(0) : DType.INT64, null);

        // ---- reshaping ----------------------------------------------------------------------------------------
        add("Reshape", n -> one(reshape(n.dims(0), n.content(1), n.flag("allowzero"))), null, n -> n.content(0));
        add("Expand", n -> one(broadcast(n.dims(0), n.content(1))), null, null);
        add("Flatten", n -> {
            List<Dim> x = n.dims(0);
            int a = (int) norm(n.attr("axis", 1), x.size());
            return one(List.of(Dim.product(x.subList(0, a)), Dim.product(x.subList(a, x.size()))));
        }, null, null);
        add("Transpose", n -> {
            List<Dim> x = n.dims(0);
            long[] perm = n.ints("perm");
            List<Dim> s = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) s.add(x.get(perm == null ? x.size() - 1 - i : (int) perm[i]));
            return one(s);
        }, null, null);
        add("Unsqueeze", n -> {
            List<Dim> x = n.dims(0);
            long[] axes = n.axes();
            int rr = x.size() + axes.length;
            boolean[] inserted = new boolean[rr];
            for (long a : axes) inserted[(int) norm(a, rr)] = true;
            List<Dim> s = new ArrayList<>();
            for (int i = 0, k = 0; i < rr; i++) s.add(inserted[i] ? Dim.of(1) : x.get(k++));
            return one(s);
        }, null, n -> n.content(0));
        add("Squeeze", OpRules::squeeze, null, n -> n.content(0));
        add("Concat", OpRules::concat, null, n -> {
            List<Dim> s = new ArrayList<>();
            for (int i = 0; i < n.inputs(); i++) s.addAll(n.content(i));
            return s;
        });
        add("Split", OpRules::split, null, null);
        add("Slice", n -> one(slice(n, n.dims(0))), null, OpRules::sliceContent);
        add("Tile", n -> {
            List<Dim> x = n.dims(0);
            long[] k = n.longs(1);
            List<Dim> s = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                Dim d = x.get(i);
                s.add(k[i] == 1 ? d : d.isStatic() ? Dim.of(d.size() * k[i]) : Dim.unknown(d.size() < 0 ? -1 : d.size() * k[i]));
            }
            return one(s);
        }, null, null);

        // ---- indexing -----------------------------------------------------------------------------------------
        add("Gather", n -> {
            List<Dim> x = n.dims(0), idx = n.dims(1);
            int axis = (int) norm(n.attr("axis", 0), x.size());
            List<Dim> s = new ArrayList<>(x.subList(0, axis));
            s.addAll(idx);
            s.addAll(x.subList(axis + 1, x.size()));
            return one(s);
        }, null, n -> {
            List<Dim> data = n.content(0), idx = n.dims(1);
            long[] at = n.longs(1);
            if (data == null || at == null || idx == null || idx.size() > 1 || n.attr("axis", 0) != 0) return null;
            List<Dim> s = new ArrayList<>();
            for (long i : at) s.add(data.get((int) norm(i, data.size())));
            return s;
        });
        add("GatherElements", n -> one(n.dims(1)), null, null);
        add("TopK", n -> {
            List<Dim> x = n.dims(0);
            int axis = (int) norm(n.attr("axis", -1), x.size());
            Dim k;
            if (n.attr("k") instanceof Long l) {
                k = Dim.of(l);
            } else {
                List<Dim> c = n.content(1);
                k = c != null && c.size() == 1 ? c.get(0) : Dim.UNKNOWN;
            }
            List<Dim> s = new ArrayList<>(x);
            s.set(axis, k);
            return Collections.nCopies(n.outputs, s);
        }, (n, i) -> i == 1 ? DType.INT64 : n.dtype(0), null);

        // ---- reductions ---------------------------------------------------------------------------------------
        for (String op : List.of("ReduceMax", "ReduceMin", "ReduceMean", "ReduceSum", "ReduceProd", "ReduceL1",
                "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare")) {
            add(op, n -> one(reduction(n)), null, null);
        }
        Shapes arg = n -> one(reduce(n.dims(0), new long[] {n.attr("axis", 0)}, n.attr("keepdims", 1) != 0));
        add("ArgMax", arg, INT64, null);
        add("ArgMin", arg, INT64, null);

        // ---- convolution, pooling, recurrent ------------------------------------------------------------------
        add("Conv", OpRules::windowed, null, null);
        add("MaxPool", OpRules::windowed, (n, i) -> i == 1 ? DType.INT64 : n.dtype(0), null);
        add("AveragePool", OpRules::windowed, null, null);
        add("LpPool", OpRules::windowed, null, null);
        Shapes global = n -> {
            List<Dim> x = n.dims(0);
            List<Dim> s = new ArrayList<>(x.subList(0, 2));
            for (int i = 2; i < x.size(); i++) s.add(Dim.of(1));
            return one(s);
        };
        for (String op : List.of("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool")) add(op, global, null, null);
        for (String op : List.of("LSTM", "GRU", "RNN")) add(op, OpRules::recurrent, null, null);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static List<List<Dim>> one(List<Dim> s) {
        List<List<Dim>> out = new ArrayList<>(1);
        out.add(s);
        return out;
    }

    private static long norm(long d, long rank) { return d < 0 ? d + rank : d; }

    private static long ceilDiv(long a, long b) { return -Math.floorDiv(-a, b); }

    /** Seen size of a dim computed from seen sizes ({@code -1} stays unknown). */
    private static Dim unknownOf(long seen) { return Dim.unknown(seen < 0 ? -1 : seen); }

    /** Multidirectional broadcast of two shapes. */
    static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        if (a == null || b == null) return null;
        int r = Math.max(a.size(), b.size());
        List<Dim> s = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            Dim x = i < r - a.size() ? Dim.of(1) : a.get(i - (r - a.size()));
            Dim y = i < r - b.size() ? Dim.of(1) : b.get(i - (r - b.size()));
            s.add(Dim.broadcast(x, y));
        }
        return s;
    }

    static List<Dim> matmul(List<Dim> a, List<Dim> b) {
        boolean va = a.size() == 1, vb = b.size() == 1;
        List<Dim> a2 = va ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> b2 = vb ? List.of(b.get(0), Dim.of(1)) : b;
        List<Dim> s = broadcast(a2.subList(0, a2.size() - 2), b2.subList(0, b2.size() - 2));
        if (!va) s.add(a2.get(a2.size() - 2));
        if (!vb) s.add(b2.get(b2.size() - 1));
        return s;
    }

    /** {@code [start, end)} of a Shape node over a rank-{@code r} input, clamped as ONNX does. */
    private static int[] shapeSlice(OpNode n, int r) {
        long start = Math.max(0, Math.min(r, norm(n.attr("start", 0), r)));
        long end = Math.max(start, Math.min(r, norm(n.attr("end", r), r)));
        return new int[] {(int) start, (int) end};
    }

    /**
     * Element-wise Add, Sub, Mul, Div of followed shape values (one side may have one element). Integer Div
     * truncates; a floating-point quotient that is not a whole number is unknown (contents are whole numbers).
     */
    private static List<Dim> arithmetic(OpNode n) {
        DType d = n.dtype(0);
        if (d == null || d == DType.BOOL) return null;
        List<Dim> a = n.content(0), b = n.content(1);
        if (a == null || b == null || a.size() != b.size() && a.size() != 1 && b.size() != 1) return null;
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            Dim x = a.get(a.size() == 1 ? 0 : i), y = b.get(b.size() == 1 ? 0 : i);
            boolean fraction = d.isFloatingPoint() && n.op.equals("Div") && x.isStatic() && y.isStatic()
                    && (y.size() == 0 || x.size() % y.size() != 0);
            s.add(fraction ? Dim.UNKNOWN : Dim.arithmetic(n.op, x, y));
        }
        return s;
    }

    /** Casts between integer and floating-point types keep whole numbers (float32 up to 2^24). */
    private static List<Dim> castContent(OpNode n) {
        List<Dim> c = n.content(0);
        if (c == null) return null;
        int to = (int) n.attr("to", -1);
        if (to == DType.INT64.onnxCode() || to == DType.INT32.onnxCode() || to == DType.FLOAT64.onnxCode()) return c;
        if (to != DType.FLOAT32.onnxCode()) return null;
        for (Dim d : c) if (d.isStatic() && Math.abs(d.size()) > (1L << 24)) return null;
        return c;
    }

    /**
     * The number of non-zero elements: counted in a constant; all elements of a ConstantOfShape filled with a
     * non-zero value (the Range of opsets before 11 is built that way), none when filled with zero; else unknown.
     */
    private static Dim nonZeroCount(OpNode n) {
        Tensor t = n.constant(0);
        if (t != null) {
            long count = 0;
            for (double v : t.toDoubleArray()) if (v != 0) count++;
            return Dim.of(count);
        }
        var p = n.input(0).producer();
        if (p != null && p.kind().equals("onnx::ConstantOfShape")) {
            boolean nonZero = p.attr("value") instanceof Tensor v && v.numel() == 1 && v.toDoubleArray()[0] != 0;
            return nonZero ? Dim.product(n.dims(0)) : Dim.of(0);
        }
        return Dim.UNKNOWN;
    }

    /** The length of a Range: static, the limit itself when counting from 0 by 1, else unknown. */
    private static Dim rangeLength(OpNode n) {
        List<Dim> s = n.content(0), l = n.content(1), d = n.content(2);
        if (s != null && l != null && d != null && s.size() == 1 && l.size() == 1 && d.size() == 1) {
            Dim start = s.get(0), limit = l.get(0), delta = d.get(0);
            if (start.isStatic() && limit.isStatic() && delta.isStatic()) {
                return Dim.of(Math.max(0, (long) Math.ceil((limit.size() - start.size()) / (double) delta.size())));
            }
            if (start.is(0) && delta.isOne()) return limit;
            boolean seen = start.size() >= 0 && limit.size() >= 0 && delta.size() > 0 && !delta.dynamic();
            return unknownOf(seen ? Math.max(0, ceilDiv(limit.size() - start.size(), delta.size())) : -1);
        }
        Tensor ts = n.constant(0), tl = n.constant(1), td = n.constant(2);
        if (ts == null || tl == null || td == null) return Dim.UNKNOWN;
        double start = ts.toDoubleArray()[0], limit = tl.toDoubleArray()[0], delta = td.toDoubleArray()[0];
        return Dim.of(Math.max(0, (long) Math.ceil((limit - start) / delta)));
    }

    /** ONNX Reshape: 0 copies the input dim (unless allowzero), one -1 takes what is left. */
    static List<Dim> reshape(List<Dim> in, List<Dim> spec, boolean allowZero) {
        if (spec == null) return null;
        List<Dim> out = new ArrayList<>();
        int minus = -1;
        for (int i = 0; i < spec.size(); i++) {
            Dim d = spec.get(i);
            if (d.is(0) && !allowZero) d = in.get(i);
            if (d.is(-1)) minus = i;
            out.add(d);
        }
        if (minus >= 0) out.set(minus, remainder(in, out, minus));
        return out;
    }

    /** The -1 of a Reshape: the input size over the other output dims, when their names cancel. */
    private static Dim remainder(List<Dim> in, List<Dim> out, int minus) {
        long inSeen = 1, outSeen = 1;
        for (Dim d : in) inSeen = inSeen < 0 || d.size() < 0 ? -1 : inSeen * d.size();
        for (int i = 0; i < out.size(); i++) if (i != minus) outSeen = outSeen < 0 || out.get(i).size() < 0 ? -1 : outSeen * out.get(i).size();
        Dim unknown = unknownOf(inSeen >= 0 && outSeen > 0 && inSeen % outSeen == 0 ? inSeen / outSeen : -1);
        List<String> names = new ArrayList<>();
        long inStatic = 1, outStatic = 1;
        for (Dim d : in) {
            if (d.isUnknown()) return unknown;
            if (d.isStatic()) inStatic *= d.size();
            else names.add(d.name());
        }
        for (int i = 0; i < out.size(); i++) {
            if (i == minus) continue;
            Dim d = out.get(i);
            if (d.isUnknown()) return unknown;
            if (d.isStatic()) outStatic *= d.size();
            else if (!names.remove(d.name())) return unknown;
        }
        if (outStatic == 0 || inStatic % outStatic != 0) return unknown;
        if (names.isEmpty()) return Dim.of(inStatic / outStatic);
        return names.size() == 1 && inStatic == outStatic ? Dim.named(names.get(0), unknown.size()) : unknown;
    }

    private static List<List<Dim>> squeeze(OpNode n) {
        List<Dim> x = n.dims(0);
        long[] axes = n.ints("axes");
        if (axes == null && n.has(1)) {
            axes = n.longs(1);
            if (axes == null) return null;   // computed axes: the rank is not known
        }
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            boolean drop = false;
            if (axes == null) {
                if (x.get(i).dynamic()) return null;   // may or may not be 1
                drop = x.get(i).isOne();
            } else {
                for (long a : axes) drop |= norm(a, x.size()) == i;
            }
            if (!drop) s.add(x.get(i));
        }
        return one(s);
    }

    /** Concat: the dims along the axis add up; the others are equal in every input, the best known one is kept. */
    private static List<List<Dim>> concat(OpNode n) {
        List<Dim> x = n.dims(0);
        int r = x.size();
        int axis = (int) norm(n.attr("axis", 0), r);
        List<Dim> s = new ArrayList<>(x);
        List<Dim> along = new ArrayList<>();
        for (int k = 0; k < n.inputs(); k++) {
            List<Dim> d = n.dims(k);
            along.add(d.get(axis));
            for (int i = 0; i < r; i++) {
                Dim have = s.get(i), other = d.get(i);
                if (i != axis && have.dynamic() && (other.isStatic() || have.isUnknown() && other.isNamed())) s.set(i, other);
            }
        }
        s.set(axis, Dim.sum(along));
        return one(s);
    }

    private static List<List<Dim>> split(OpNode n) {
        List<Dim> x = n.dims(0);
        int axis = (int) norm(n.attr("axis", 0), x.size());
        int parts = n.outputs;
        Dim in = x.get(axis);
        long[] split = n.ints("split");
        boolean computed = false;
        if (split == null && n.has(1)) {
            split = n.longs(1);
            computed = split == null;
        }
        List<List<Dim>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            Dim d;
            if (split != null) {
                d = Dim.of(split[p]);
            } else if (computed) {
                d = Dim.UNKNOWN;
            } else if (n.attr("num_outputs") instanceof Long) {
                // opset 18: chunks of ceil(size / parts), the last one smaller
                long size = in.size(), chunk = size < 0 ? -1 : ceilDiv(size, parts);
                long mine = chunk < 0 ? -1 : p < parts - 1 ? chunk : size - chunk * (parts - 1);
                d = in.isStatic() ? Dim.of(mine) : unknownOf(mine);
            } else {
                boolean even = in.size() >= 0 && in.size() % parts == 0;
                d = in.isStatic() && even ? Dim.of(in.size() / parts) : unknownOf(even ? in.size() / parts : -1);
            }
            List<Dim> s = new ArrayList<>(x);
            s.set(axis, d);
            out.add(s);
        }
        return out;
    }

    /** Slice with bounds known at export (inputs from opset 10, attributes before). */
    private static List<Dim> slice(OpNode n, List<Dim> x) {
        long[] starts, ends, axes, steps;
        if (n.inputs() > 1) {
            starts = n.longs(1);
            ends = n.longs(2);
            axes = n.has(3) ? n.longs(3) : null;
            steps = n.has(4) ? n.longs(4) : null;
            if (n.has(4) && steps == null) starts = null;   // computed steps: no length is known
        } else {
            starts = n.ints("starts");
            ends = n.ints("ends");
            axes = n.ints("axes");
            steps = null;
        }
        if (starts == null || ends == null || n.inputs() > 3 && n.has(3) && axes == null) {
            List<Dim> s = new ArrayList<>(x);
            for (int i = 0; i < x.size(); i++) if (axes == null || contains(axes, i, x.size())) s.set(i, Dim.UNKNOWN);
            return s;
        }
        List<Dim> s = new ArrayList<>(x);
        for (int k = 0; k < starts.length; k++) {
            int axis = (int) norm(axes == null ? k : axes[k], x.size());
            long step = steps == null ? 1 : steps[k];
            Dim in = x.get(axis);
            if (in.dynamic()) {
                boolean whole = step == 1 && starts[k] == 0 && ends[k] >= Integer.MAX_VALUE;
                s.set(axis, whole ? in : unknownOf(in.size() < 0 ? -1 : sliceLength(in.size(), starts[k], ends[k], step)));
                continue;
            }
            s.set(axis, Dim.of(sliceLength(in.size(), starts[k], ends[k], step)));
        }
        return s;
    }

    private static boolean contains(long[] axes, int i, int rank) {
        for (long a : axes) if (norm(a, rank) == i) return true;
        return false;
    }

    private static long sliceLength(long dim, long start, long end, long step) {
        long st = clampIndex(start, dim, step), en = clampIndex(end, dim, step);
        return step > 0 ? Math.max(0, ceilDiv(en - st, step)) : Math.max(0, ceilDiv(st - en, -step));
    }

    private static long clampIndex(long i, long dim, long step) {
        if (i < 0) i += dim;
        return step > 0 ? Math.max(0, Math.min(dim, i)) : Math.max(-1, Math.min(dim - 1, i));
    }

    /** Slice of a followed 1-D shape value with constant bounds. */
    private static List<Dim> sliceContent(OpNode n) {
        List<Dim> c = n.content(0);
        if (c == null) return null;
        long[] starts, ends, axes, steps;
        if (n.inputs() > 1) {
            starts = n.longs(1);
            ends = n.longs(2);
            axes = n.has(3) ? n.longs(3) : new long[] {0};
            steps = n.has(4) ? n.longs(4) : new long[] {1};
        } else {
            starts = n.ints("starts");
            ends = n.ints("ends");
            axes = n.ints("axes") != null ? n.ints("axes") : new long[] {0};
            steps = new long[] {1};
        }
        if (starts == null || ends == null || axes == null || steps == null || starts.length != 1 || ends.length != 1
                || axes.length != 1 || steps.length != 1 || norm(axes[0], 1) != 0 || steps[0] == 0) {
            return null;
        }
        long step = steps[0], st = clampIndex(starts[0], c.size(), step), en = clampIndex(ends[0], c.size(), step);
        List<Dim> s = new ArrayList<>();
        for (long i = st; step > 0 ? i < en : i > en; i += step) s.add(c.get((int) i));
        return s;
    }

    private static List<Dim> reduction(OpNode n) {
        List<Dim> x = n.dims(0);
        long[] axes = n.ints("axes");
        if (axes == null) {
            if (n.has(1)) {
                axes = n.longs(1);
                if (axes == null) return null;
            } else {
                axes = new long[0];
            }
        }
        if (axes.length == 0) {
            if (n.flag("noop_with_empty_axes")) return x;
            axes = new long[x.size()];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        return reduce(x, axes, n.attr("keepdims", 1) != 0);
    }

    private static List<Dim> reduce(List<Dim> in, long[] axes, boolean keep) {
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            boolean reduced = contains(axes, i, in.size());
            if (!reduced) s.add(in.get(i));
            else if (keep) s.add(Dim.of(1));
        }
        return s;
    }

    /** Conv and pools: batch, channels (Conv: the weight's out-channels), then one windowed size per spatial dim. */
    private static List<List<Dim>> windowed(OpNode n) {
        List<Dim> x = n.dims(0);
        int spatial = x.size() - 2;
        long[] kernel = n.ints("kernel_shape");
        Dim channels = x.get(1);
        if (n.op.equals("Conv")) {
            List<Dim> w = n.dims(1);
            channels = w.get(0);
            if (kernel == null) {
                kernel = new long[spatial];
                for (int i = 0; i < spatial; i++) kernel[i] = w.get(i + 2).size();
            }
        }
        long[] strides = n.ints("strides") != null ? n.ints("strides") : filled(spatial, 1);
        long[] dil = n.ints("dilations") != null ? n.ints("dilations") : filled(spatial, 1);
        long[] pads = n.ints("pads") != null ? n.ints("pads") : new long[2 * spatial];
        String autoPad = n.attr("auto_pad") instanceof String a ? a : "NOTSET";
        boolean ceil = n.flag("ceil_mode");
        List<Dim> s = new ArrayList<>(List.of(x.get(0), channels));
        for (int i = 0; i < spatial; i++) {
            Dim in = x.get(i + 2);
            if (in.dynamic()) {
                s.add(unknownOf(in.size() < 0 ? -1 : windowSize(in.size(), kernel[i], strides[i], dil[i], pads[i], pads[i + spatial], autoPad, ceil)));
            } else {
                s.add(Dim.of(windowSize(in.size(), kernel[i], strides[i], dil[i], pads[i], pads[i + spatial], autoPad, ceil)));
            }
        }
        return Collections.nCopies(n.op.equals("MaxPool") ? n.outputs : 1, s);
    }

    private static long windowSize(long in, long kernel, long stride, long dil, long padBegin, long padEnd, String autoPad, boolean ceil) {
        long span = dil * (kernel - 1) + 1;
        return switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> ceilDiv(in, stride);
            case "VALID" -> (in - span) / stride + 1;
            default -> {
                long total = in + padBegin + padEnd - span;
                long o = (ceil ? ceilDiv(total, stride) : Math.floorDiv(total, stride)) + 1;
                // a last window that starts in the end padding is dropped (ceil mode)
                if (ceil && (o - 1) * stride >= in + padBegin) o--;
                yield o;
            }
        };
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Y, Y_h (and Y_c) of LSTM / GRU / RNN in either layout. */
    private static List<List<Dim>> recurrent(OpNode n) {
        List<Dim> x = n.dims(0);
        boolean batchFirst = n.flag("layout");
        Dim seq = batchFirst ? x.get(1) : x.get(0), batch = batchFirst ? x.get(0) : x.get(1);
        Dim dirs = Dim.of("bidirectional".equals(n.attr("direction")) ? 2 : 1);
        Dim hidden = Dim.of((Long) n.attr("hidden_size"));
        List<Dim> y = batchFirst ? List.of(batch, seq, dirs, hidden) : List.of(seq, dirs, batch, hidden);
        List<Dim> h = batchFirst ? List.of(batch, dirs, hidden) : List.of(dirs, batch, hidden);
        List<List<Dim>> out = new ArrayList<>();
        for (int i = 0; i < n.outputs; i++) out.add(i == 0 ? y : h);
        return out;
    }

    // ---- control flow --------------------------------------------------------------------------------------

    private static dev.onnxport.ir.Graph sub(OpNode n, String attr) {
        if (n.attr(attr) instanceof dev.onnxport.ir.Graph g) return g;
        throw new IllegalStateException("no graph attribute " + attr);
    }

    private static List<Dim> dimsOf(dev.onnxport.ir.Value v) {
        return v == null || v.type() == null ? null : ShapeEngine.dims(v.type());
    }

    /** Dims equal in both (same static size or name) are kept, others unknown; null when either is unknown or ranks differ. */
    private static List<Dim> merge(List<Dim> a, List<Dim> b) {
        if (a == null || b == null || a.size() != b.size()) return null;
        List<Dim> out = new ArrayList<>(a.size());
        for (int k = 0; k < a.size(); k++) out.add(a.get(k).sameAs(b.get(k)) ? a.get(k) : Dim.unknown(a.get(k).size()));
        return out;
    }

    private static List<List<Dim>> ifShapes(OpNode n) {
        dev.onnxport.ir.Graph t = sub(n, "then_branch"), e = sub(n, "else_branch");
        List<List<Dim>> out = new ArrayList<>();
        for (int i = 0; i < n.outputs; i++) out.add(merge(dimsOf(t.outputs().get(i)), dimsOf(e.outputs().get(i))));
        return out;
    }

    /** A carried value: what enters the loop, the body's input and its output agree on (scan outputs of Loop: unknown). */
    private static List<List<Dim>> loopShapes(OpNode n) {
        dev.onnxport.ir.Graph b = sub(n, "body");
        List<List<Dim>> out = new ArrayList<>();
        int carried = n.inputs() - 2;
        for (int i = 0; i < n.outputs; i++) {
            if (i >= carried) { out.add(null); continue; }
            out.add(merge(merge(n.dims(i + 2), dimsOf(b.inputs().get(i + 2))), dimsOf(b.outputs().get(i + 1))));
        }
        return out;
    }

    private static List<List<Dim>> scanShapes(OpNode n) {
        dev.onnxport.ir.Graph b = sub(n, "body");
        int scans = (int) n.attr("num_scan_inputs", 0);
        int states = n.inputs() - scans;
        long[] inAxes = n.ints("scan_input_axes"), outAxes = n.ints("scan_output_axes");
        List<Dim> x0 = n.dims(states);
        Dim length = x0 == null ? Dim.UNKNOWN : x0.get((int) norm(inAxes == null ? 0 : inAxes[0], x0.size()));
        List<List<Dim>> out = new ArrayList<>();
        for (int i = 0; i < n.outputs; i++) {
            if (i < states) {
                out.add(merge(merge(n.dims(i), dimsOf(b.inputs().get(i))), dimsOf(b.outputs().get(i))));
                continue;
            }
            List<Dim> y = dimsOf(b.outputs().get(i));
            if (y == null) { out.add(null); continue; }
            List<Dim> s = new ArrayList<>(y);
            s.add((int) norm(outAxes == null ? 0 : outAxes[i - states], y.size() + 1), length);
            out.add(s);
        }
        return out;
    }
}
