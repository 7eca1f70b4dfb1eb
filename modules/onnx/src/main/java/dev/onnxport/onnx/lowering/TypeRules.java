package dev.onnxport.onnx.lowering;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Output types of the ONNX nodes the lowering builds: the dtype always when the rule knows the op, the
 * shape (with dynamic dims kept by name) for the common ops; otherwise a tensor of unknown shape.
 */
final class TypeRules {
    private TypeRules() {}

    private static final Set<String> BOOL_OUT = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "And", "Or", "Xor", "Not", "IsNaN", "IsInf");
    private static final Set<String> SAME_SHAPE = Set.of("Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Sin", "Cos",
            "Tanh", "Sigmoid", "Erf", "Floor", "Ceil", "Round", "Sign", "Atan", "IsNaN", "IsInf", "Not", "Relu",
            "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus", "Mish", "Gelu", "Cast", "Clip",
            "Softmax", "LogSoftmax", "CumSum", "Identity", "BitwiseNot", "ThresholdedRelu");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Equal",
            "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "PRelu", "Where", "BitwiseAnd",
            "BitwiseOr", "BitwiseXor", "Sum", "Mean");

    /** One dim: its size as traced and its symbol (null when static). */
    record Dim(long size, String symbol) {
        static Dim of(long n) { return new Dim(n, null); }
    }

    /** Output types of {@code n}, whose inputs and attributes are set; {@code constInput} reads constant inputs. */
    static Type[] infer(Node n, int nout, java.util.function.Function<Value, Tensor> constInput) {
        String op = n.kind().substring(n.kind().indexOf("::") + 2);
        Type[] out = new Type[nout];
        DType dt = dtypeOf(n, op);
        List<Dim> shape = null;
        try {
            shape = shapeOf(n, op, constInput);
        } catch (RuntimeException e) {
            shape = null;   // a rule that does not fit this node leaves the shape unknown
        }
        for (int i = 0; i < nout; i++) {
            DType d = op.equals("TopK") && i == 1 ? DType.INT64 : dt;
            out[i] = d == null ? null : shape == null ? Type.tensor(d) : make(d, shape);
        }
        return out;
    }

    private static DType dtypeOf(Node n, String op) {
        if (BOOL_OUT.contains(op)) return DType.BOOL;
        switch (op) {
            case "Shape", "Size", "ArgMax", "ArgMin", "NonZero" -> { return DType.INT64; }
            case "Cast" -> { return DType.fromOnnx(((Long) n.attr("to")).intValue()); }
            case "Constant" -> { return ((Tensor) n.attr("value")).dtype(); }
            case "ConstantOfShape" -> { return n.attr("value") instanceof Tensor t ? t.dtype() : DType.FLOAT32; }
            case "Where" -> { return dtype(n.input(1)); }
            default -> { return n.inputs().isEmpty() ? null : dtype(n.input(0)); }
        }
    }

    private static DType dtype(Value v) {
        return v == null || v.type() == null || !v.type().isTensor() ? null : v.type().dtype();
    }

    private static List<Dim> shapeOf(Node n, String op, java.util.function.Function<Value, Tensor> constInput) {
        if (op.equals("Constant")) return dims(((Tensor) n.attr("value")).shape());
        if (SAME_SHAPE.contains(op)) return dims(n.input(0));
        if (BROADCAST.contains(op)) {
            List<Dim> s = dims(n.input(0));
            for (int i = 1; i < n.inputs().size(); i++) s = broadcast(s, dims(n.input(i)));
            return s;
        }
        List<Dim> in = n.inputs().isEmpty() ? null : dims(n.input(0));
        if (in == null) return null;
        int rank = in.size();
        switch (op) {
            case "Shape" -> {
                long start = n.attr("start") instanceof Long l ? norm(l, rank + 1) : 0;
                long end = n.attr("end") instanceof Long l ? norm(l, rank + 1) : rank;
                return List.of(Dim.of(Math.max(0, end - start)));
            }
            case "Gather" -> {
                int axis = (int) norm(n.attr("axis") instanceof Long l ? l : 0, rank);
                List<Dim> idx = dims(n.input(1));
                if (idx == null) return null;
                List<Dim> s = new ArrayList<>(in.subList(0, axis));
                s.addAll(idx);
                s.addAll(in.subList(axis + 1, rank));
                return s;
            }
            case "Unsqueeze" -> {
                long[] axes = axes(n, constInput);
                int r = rank + axes.length;
                List<Dim> s = new ArrayList<>();
                boolean[] ins = new boolean[r];
                for (long a : axes) ins[(int) norm(a, r)] = true;
                int k = 0;
                for (int i = 0; i < r; i++) s.add(ins[i] ? Dim.of(1) : in.get(k++));
                return s;
            }
            case "Squeeze" -> {
                long[] axes = axes(n, constInput);
                List<Dim> s = new ArrayList<>();
                for (int i = 0; i < rank; i++) {
                    boolean drop = false;
                    for (long a : axes) drop |= norm(a, rank) == i;
                    if (!drop) s.add(in.get(i));
                }
                return s;
            }
            case "Concat" -> {
                int axis = (int) norm((Long) n.attr("axis"), rank);
                List<Dim> s = new ArrayList<>(in);
                long total = 0;
                String sym = null;
                for (Value v : n.inputs()) {
                    Dim d = dims(v).get(axis);
                    total += d.size();
                    if (d.symbol() != null) sym = "?";
                }
                s.set(axis, new Dim(total, sym));
                return s;
            }
            case "Transpose" -> {
                long[] perm = (long[]) n.attr("perm");
                List<Dim> s = new ArrayList<>();
                for (int i = 0; i < rank; i++) s.add(in.get(perm == null ? rank - 1 - i : (int) perm[i]));
                return s;
            }
            case "MatMul" -> { return matmul(in, dims(n.input(1))); }
            case "Gemm" -> {
                List<Dim> b = dims(n.input(1));
                Dim m = Long.valueOf(1).equals(n.attr("transA")) ? in.get(1) : in.get(0);
                Dim k = Long.valueOf(1).equals(n.attr("transB")) ? b.get(0) : b.get(1);
                return List.of(m, k);
            }
            case "ArgMax", "ArgMin" -> {
                int axis = (int) norm(n.attr("axis") instanceof Long l ? l : 0, rank);
                return reduce(in, new long[] {axis}, !Long.valueOf(0).equals(n.attr("keepdims")));
            }
            case "TopK" -> {
                int axis = (int) norm(n.attr("axis") instanceof Long l ? l : -1, rank);
                long k = n.attr("k") instanceof Long l ? l : constInput.apply(n.input(1)).toLongArray()[0];
                List<Dim> s = new ArrayList<>(in);
                s.set(axis, Dim.of(k));
                return s;
            }
            case "Split" -> {
                int axis = (int) norm(n.attr("axis") instanceof Long l ? l : 0, rank);
                long[] split = n.attr("split") instanceof long[] a ? a
                        : n.inputs().size() > 1 ? constInput.apply(n.input(1)).toLongArray() : null;
                if (split == null || !allEqual(split)) {
                    if (split != null) return null;   // per-output shapes differ: left unknown
                    List<Dim> s = new ArrayList<>(in);
                    int parts = n.outputs().size() == 0 ? 2 : n.outputs().size();
                    s.set(axis, Dim.of(in.get(axis).size() / Math.max(parts, 1)));
                    return s;
                }
                List<Dim> s = new ArrayList<>(in);
                s.set(axis, Dim.of(split[0]));
                return s;
            }
            default -> {
                if (op.startsWith("Reduce")) {
                    long[] axes = n.attr("axes") instanceof long[] a ? a
                            : n.inputs().size() > 1 ? constInput.apply(n.input(1)).toLongArray() : null;
                    if (axes == null || axes.length == 0) {
                        axes = new long[rank];
                        for (int i = 0; i < rank; i++) axes[i] = i;
                    }
                    return reduce(in, axes, !Long.valueOf(0).equals(n.attr("keepdims")));
                }
                return null;
            }
        }
    }

    private static boolean allEqual(long[] a) {
        for (long x : a) if (x != a[0]) return false;
        return true;
    }

    private static long[] axes(Node n, java.util.function.Function<Value, Tensor> constInput) {
        if (n.attr("axes") instanceof long[] a) return a;
        return constInput.apply(n.input(1)).toLongArray();
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

    private static List<Dim> matmul(List<Dim> a, List<Dim> b) {
        boolean va = a.size() == 1, vb = b.size() == 1;
        List<Dim> a2 = va ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> b2 = vb ? List.of(b.get(0), Dim.of(1)) : b;
        List<Dim> batch = broadcast(a2.subList(0, a2.size() - 2), b2.subList(0, b2.size() - 2));
        List<Dim> s = new ArrayList<>(batch);
        if (!va) s.add(a2.get(a2.size() - 2));
        if (!vb) s.add(b2.get(b2.size() - 1));
        return s;
    }

    static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        if (a == null || b == null) return null;
        int r = Math.max(a.size(), b.size());
        List<Dim> s = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            Dim x = i < r - a.size() ? Dim.of(1) : a.get(i - (r - a.size()));
            Dim y = i < r - b.size() ? Dim.of(1) : b.get(i - (r - b.size()));
            if (x.size() == 1 && x.symbol() == null) s.add(y);
            else if (y.size() == 1 && y.symbol() == null) s.add(x);
            else s.add(x.symbol() != null ? x : y);
        }
        return s;
    }

    private static long norm(long d, long rank) { return d < 0 ? d + rank : d; }

    static List<Dim> dims(long[] shape) {
        List<Dim> s = new ArrayList<>();
        for (long d : shape) s.add(Dim.of(d));
        return s;
    }

    static List<Dim> dims(Value v) {
        if (v == null || v.type() == null || !v.type().isTensor() || !v.type().hasShape()) return null;
        Type t = v.type();
        List<Dim> s = new ArrayList<>();
        long[] shape = t.shape();
        for (int i = 0; i < shape.length; i++) s.add(new Dim(shape[i], t.symbol(i)));
        return s;
    }

    static Type make(DType d, List<Dim> dims) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i).size();
        Type t = Type.tensor(d, shape);
        for (int i = 0; i < shape.length; i++) if (dims.get(i).symbol() != null) t = t.withSymbol(i, dims.get(i).symbol());
        return t;
    }
}
