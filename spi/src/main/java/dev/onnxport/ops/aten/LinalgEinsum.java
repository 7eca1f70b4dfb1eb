package dev.onnxport.ops.aten;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aten::einsum} for one or two operands without ellipsis or repeated subscripts in one
 * operand: each operand is permuted (a view), summed over subscripts only it has, and the pair is
 * contracted as one batched matrix product {@code [batch, m, k] x [batch, k, n]}.
 */
final class LinalgEinsum {
    private static final String OP = "aten::einsum";

    private LinalgEinsum() {}

    /** A parsed equation: per-operand subscripts, output subscripts, and each subscript's size. */
    private record Plan(String[] inputs, String output, Map<Character, Long> sizes) {}

    static Tensor infer(String equation, Tensor[] ts) {
        Plan p = plan(equation, ts);
        return Tensor.meta(ts[0].dtype(), sizes(p, p.output()));
    }

    static Tensor einsum(String equation, Tensor[] ts) {
        Plan p = plan(equation, ts);
        if (ts.length == 1) return reduceTo(prepare(p, ts[0], p.inputs()[0]), p.inputs()[0], p.output(), p);
        String a = p.inputs()[0], b = p.inputs()[1], out = p.output();
        StringBuilder batch = new StringBuilder(), mOnly = new StringBuilder(), nOnly = new StringBuilder(), con = new StringBuilder();
        for (char c : p.sizes().keySet()) {
            boolean inA = a.indexOf(c) >= 0, inB = b.indexOf(c) >= 0, inOut = out.indexOf(c) >= 0;
            if (inA && inB && inOut) batch.append(c);
            else if (inA && inB) con.append(c);
            else if (inA && inOut) mOnly.append(c);
            else if (inB && inOut) nOnly.append(c);
        }
        // operands reduced to [batch, m, k] and [batch, k, n] (subscripts only one operand has are summed first)
        String aOrder = "" + batch + mOnly + con, bOrder = "" + batch + con + nOnly;
        Tensor ta = reduceTo(prepare(p, ts[0], a), a, aOrder, p);
        Tensor tb = reduceTo(prepare(p, ts[1], b), b, bOrder, p);
        long nb = Shapes.numel(sizes(p, batch.toString())), m = Shapes.numel(sizes(p, mOnly.toString()));
        long k = Shapes.numel(sizes(p, con.toString())), n = Shapes.numel(sizes(p, nOnly.toString()));
        Tensor prod = LinalgProduct.bmm(OP, Tensor.wrap(ta.storage(), nb, m, k), Tensor.wrap(tb.storage(), nb, k, n));
        String prodOrder = "" + batch + mOnly + nOnly;
        Tensor full = Tensor.wrap(prod.storage(), sizes(p, prodOrder));
        return permute(full, prodOrder, out).contiguous();
    }

    private static Plan plan(String equation, Tensor[] ts) {
        String eq = equation.replace(" ", "");
        if (eq.contains(".")) throw unsupported(equation, "ellipsis ('...') is not supported");
        String lhs = eq.contains("->") ? eq.substring(0, eq.indexOf("->")) : eq;
        String[] inputs = lhs.split(",", -1);
        if (inputs.length != ts.length) {
            throw new IllegalArgumentException(OP + ": equation '" + equation + "' names " + inputs.length
                    + " operands but " + ts.length + " tensors were given");
        }
        if (ts.length > 2) throw unsupported(equation, "at most two operands are supported, got " + ts.length);
        Map<Character, Long> sizes = new LinkedHashMap<>();
        Map<Character, Integer> count = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            String s = inputs[i];
            if (s.length() != ts[i].dim()) {
                throw new IllegalArgumentException(OP + ": subscripts '" + s + "' of operand " + i + " do not match its "
                        + ts[i].dim() + " dimensions " + Arrays.toString(ts[i].shape()));
            }
            if (ts[i].dtype() != ts[0].dtype()) {
                throw new IllegalArgumentException(OP + ": operands must have the same dtype, got "
                        + ts[0].dtype().torchName() + " and " + ts[i].dtype().torchName());
            }
            for (int d = 0; d < s.length(); d++) {
                char c = s.charAt(d);
                if (!Character.isLetter(c)) throw unsupported(equation, "'" + c + "' is not a subscript letter");
                if (s.indexOf(c) != d) throw unsupported(equation, "repeated subscript '" + c + "' within one operand (diagonals)");
                long size = ts[i].size(d);
                Long prev = sizes.get(c);
                if (prev != null && prev != size && prev != 1 && size != 1) {
                    throw new IllegalArgumentException(OP + ": subscript '" + c + "' has size " + prev + " and " + size);
                }
                sizes.put(c, prev == null || prev == 1 ? size : prev);
                count.merge(c, 1, Integer::sum);
            }
        }
        String output;
        if (eq.contains("->")) {
            output = eq.substring(eq.indexOf("->") + 2);
            for (int d = 0; d < output.length(); d++) {
                char c = output.charAt(d);
                if (!sizes.containsKey(c)) throw unsupported(equation, "output subscript '" + c + "' appears in no operand");
                if (output.indexOf(c) != d) throw unsupported(equation, "output subscript '" + c + "' repeats");
            }
        } else {
            StringBuilder sb = new StringBuilder();
            count.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).sorted().forEach(sb::append);
            output = sb.toString();
        }
        return new Plan(inputs, output, sizes);
    }

    private static long[] sizes(Plan p, String letters) {
        long[] s = new long[letters.length()];
        for (int i = 0; i < s.length; i++) s[i] = p.sizes().get(letters.charAt(i));
        return s;
    }

    /** {@code t} with size-1 dims broadcast to the subscript's size (zero strides). */
    private static Tensor prepare(Plan p, Tensor t, String subs) {
        return Shapes.broadcastTo(t, sizes(p, subs));
    }

    /** A view of {@code t} (subscripts {@code from}) with its dims reordered to {@code to} (same letters). */
    private static Tensor permute(Tensor t, String from, String to) {
        long[] shape = new long[to.length()], strides = new long[to.length()];
        for (int i = 0; i < to.length(); i++) {
            int d = from.indexOf(to.charAt(i));
            shape[i] = t.size(d);
            strides[i] = t.stride(d);
        }
        return t.asStrided(shape, strides, t.offset());
    }

    /** A contiguous tensor over subscripts {@code keep} (in that order): {@code t} summed over its other subscripts. */
    private static Tensor reduceTo(Tensor t, String subs, String keep, Plan p) {
        StringBuilder summed = new StringBuilder();
        for (char c : subs.toCharArray()) if (keep.indexOf(c) < 0) summed.append(c);
        Tensor ordered = permute(t, subs, keep + summed).contiguous();
        if (summed.length() == 0) return ordered;
        long[] keepShape = sizes(p, keep);
        int outer = Math.toIntExact(Shapes.numel(keepShape)), inner = Math.toIntExact(Shapes.numel(sizes(p, summed.toString())));
        DType dt = t.dtype();
        Tensor out = Tensor.zeros(dt, keepShape);
        for (int i = 0; i < outer; i++) {
            if (dt.isFloatingPoint()) {
                double s = 0;
                for (int j = 0; j < inner; j++) s += ordered.storage().getDouble((long) i * inner + j);
                out.storage().setDouble(i, s);
            } else {
                long s = 0;
                for (int j = 0; j < inner; j++) s += ordered.storage().getLong((long) i * inner + j);
                out.storage().setLong(i, s);
            }
        }
        return out;
    }

    private static IllegalArgumentException unsupported(String equation, String why) {
        return new IllegalArgumentException(OP + ": equation '" + equation + "' is not supported: " + why);
    }
}
