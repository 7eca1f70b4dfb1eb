package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Aten ops whose output sizes depend on the input's values: nonzero, masked_select, _unique2, unique_dim (and
 * masked_scatter, which reads the mask's values). Their shape rules refuse meta inputs, naming the reason
 * ({@link #DATA_DEPENDENT}): trace them with real inputs; the exported graph keeps those sizes dynamic.
 */
final class DataDependentOps {
    private DataDependentOps() {}

    /** The phrase every refusal of these ops' shape rules contains. */
    static final String DATA_DEPENDENT = "output size depends on the input's values";

    static void register(OpRegistry r) {
        dataDependent(r, "aten::nonzero(Tensor self) -> Tensor", a -> new Tensor[] {nonzero(a.tensor(0))});
        dataDependent(r, "aten::masked_select(Tensor self, Tensor mask) -> Tensor", a -> {
            long[] shape = ElementwiseKernels.broadcastShape("aten::masked_select", a.tensor(0), a.tensor(1));
            Tensor x = call("aten::contiguous", call("aten::expand", a.tensor(0), shape));
            Tensor m = call("aten::contiguous", call("aten::expand", a.tensor(1), shape));
            long[] keep = m.toLongArray();
            long[] idx = java.util.stream.IntStream.range(0, keep.length).filter(i -> keep[i] != 0).asLongStream().toArray();
            return new Tensor[] {call("aten::index_select", call("aten::reshape", x, new long[] {-1}), 0L, Tensor.of(idx, idx.length))};
        });
        r.register("aten::masked_scatter(Tensor self, Tensor mask, Tensor source) -> Tensor", a -> {
            Tensor x = a.tensor(0);
            if (a.tensor(1).dtype() != DType.BOOL) throw new IllegalArgumentException("aten::masked_scatter: only supports boolean masks");
            long[] m = call("aten::contiguous", call("aten::expand", a.tensor(1), x.shape())).toLongArray();
            double[] v = x.toDoubleArray(), src = a.tensor(2).toDoubleArray();
            int k = 0;
            for (int i = 0; i < v.length; i++) {
                if (m[i] == 0) continue;
                if (k >= src.length) throw new IllegalArgumentException("aten::masked_scatter: number of elements in source < number of ones in mask");
                v[i] = src[k++];
            }
            return new Tensor[] {Tensor.of(v, x.shape()).copy(x.dtype())};
        }, a -> new Tensor[] {a.tensor(0).toMeta()});
        dataDependent(r, "aten::_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) "
                + "-> (Tensor, Tensor, Tensor)", a -> unique(a.tensor(0), a.bool(2), a.bool(3)));
        dataDependent(r, "aten::unique_dim(Tensor self, int dim, bool sorted=True, bool return_inverse=False, bool return_counts=False) "
                + "-> (Tensor, Tensor, Tensor)", a -> uniqueDim(a.tensor(0), a.integer(1), a.bool(3), a.bool(4)));
    }

    private static void dataDependent(OpRegistry r, String schema, Function<Args, Tensor[]> kernel) {
        String op = schema.substring(0, schema.indexOf('('));
        r.register(schema, kernel::apply, a -> {
            throw new UnsupportedOperationException(op + ": the " + DATA_DEPENDENT + ", so shape-only tracing cannot run it; "
                    + "trace with real inputs (the export keeps the size dynamic)");
        });
    }

    static Tensor nonzero(Tensor x) {
        long[] shape = x.shape();
        double[] v = x.toDoubleArray();
        List<long[]> hits = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) continue;
            long[] pos = new long[shape.length];
            long q = i;
            for (int k = shape.length - 1; k >= 0; k--) { pos[k] = q % shape[k]; q /= shape[k]; }
            hits.add(pos);
        }
        long[] out = new long[hits.size() * shape.length];
        for (int i = 0; i < hits.size(); i++) System.arraycopy(hits.get(i), 0, out, i * shape.length, shape.length);
        return Tensor.of(out, hits.size(), shape.length);
    }

    /** Sorted unique values of the flattened input, the inverse (input's shape) and the counts. */
    static Tensor[] unique(Tensor x, boolean inverse, boolean counts) {
        double[] v = x.toDoubleArray();
        TreeMap<Double, Integer> first = new TreeMap<>();
        for (double d : v) first.putIfAbsent(d, 0);
        int k = 0;
        for (var e : first.entrySet()) e.setValue(k++);
        double[] vals = new double[first.size()];
        for (var e : first.entrySet()) vals[e.getValue()] = e.getKey();
        long[] inv = new long[v.length], cnt = new long[vals.length];
        for (int i = 0; i < v.length; i++) { inv[i] = first.get(v[i]); cnt[(int) inv[i]]++; }
        return new Tensor[] {Tensor.of(vals, vals.length).copy(x.dtype()), inverse ? Tensor.of(inv, x.shape()) : Tensor.of(new long[0], 0),
                counts ? Tensor.of(cnt, cnt.length) : Tensor.of(new long[0], 0)};
    }

    /** Unique slices along {@code dim}, sorted lexicographically, with the inverse (per slice) and counts. */
    static Tensor[] uniqueDim(Tensor x, long dim, boolean inverse, boolean counts) {
        int d = dev.onnxport.tensor.Shapes.normDim(dim, x.dim());
        long n = x.size(d);
        Tensor moved = call("aten::contiguous", call("aten::movedim.int", x, (long) d, 0L));
        double[] v = moved.toDoubleArray();
        int w = (int) (n == 0 ? 0 : v.length / n);
        Comparator<double[]> lex = (p, q) -> Arrays.compare(p, q);
        TreeMap<double[], Integer> slices = new TreeMap<>(lex);
        double[][] rows = new double[(int) n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(v, i * w, (i + 1) * w);
            slices.putIfAbsent(rows[i], 0);
        }
        int k = 0;
        for (var e : slices.entrySet()) e.setValue(k++);
        long[] inv = new long[(int) n], cnt = new long[slices.size()];
        long[] order = new long[slices.size()];
        for (int i = 0; i < n; i++) {
            int u = slices.get(rows[i]);
            if (cnt[u]++ == 0) order[u] = i;
            inv[i] = u;
        }
        Tensor picked = call("aten::index_select", x, (long) d, Tensor.of(order, order.length));
        return new Tensor[] {picked, inverse ? Tensor.of(inv, n) : Tensor.of(new long[0], 0), counts ? Tensor.of(cnt, cnt.length) : Tensor.of(new long[0], 0)};
    }
}
