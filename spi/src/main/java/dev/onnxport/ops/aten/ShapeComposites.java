package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.calls;
import static dev.onnxport.ops.aten.AtenOps.composite;
import static dev.onnxport.ops.aten.AtenOps.compositeN;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aten ops: shape ops made of other shape ops (type_as, reshape_as, movedim, broadcast_tensors, meshgrid,
 * tensor_split, unsafe_chunk/split). Each is its own shape rule ({@link AtenOps#composite}).
 */
final class ShapeComposites {
    private ShapeComposites() {}

    static void register(OpRegistry r) {
        composite(r, "aten::type_as(Tensor self, Tensor other) -> Tensor",
                a -> call("aten::to.dtype", a.tensor(0), a.tensor(1).dtype()));
        composite(r, "aten::reshape_as(Tensor(a) self, Tensor other) -> Tensor(a)",
                a -> call("aten::reshape", a.tensor(0), a.tensor(1).shape()));
        composite(r, "aten::movedim.intlist(Tensor(a) self, int[] source, int[] destination) -> Tensor(a)",
                a -> call("aten::permute", a.tensor(0), Shapes.movedimPermutation(a.tensor(0).dim(), a.ints(1), a.ints(2))));
        composite(r, "aten::movedim.int(Tensor(a) self, int source, int destination) -> Tensor(a)",
                a -> call("aten::permute", a.tensor(0), Shapes.movedimPermutation(a.tensor(0).dim(), new long[] {a.integer(1)},
                        new long[] {a.integer(2)})));
        compositeN(r, "aten::broadcast_tensors(Tensor[] tensors) -> Tensor[]", a -> {
            Tensor[] ts = a.tensors(0);
            long[] shape = ElementwiseKernels.broadcastShape("aten::broadcast_tensors", ts);
            Tensor[] out = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) out[i] = call("aten::expand", ts[i], shape);
            return out;
        });
        compositeN(r, "aten::meshgrid.indexing(Tensor[] tensors, *, str indexing) -> Tensor[]",
                a -> meshgrid(a.tensors(0), a.string(1)));
        compositeN(r, "aten::meshgrid(Tensor[] tensors) -> Tensor[]", a -> meshgrid(a.tensors(0), "ij"));
        compositeN(r, "aten::tensor_split.sections(Tensor(a -> *) self, int sections, int dim=0) -> Tensor(a)[]", a -> {
            Tensor x = a.tensor(0);
            long s = a.integer(1);
            if (s <= 0) throw new IllegalArgumentException("aten::tensor_split: number of sections must be larger than 0, got " + s);
            int d = Shapes.normDim(a.integer(2), x.dim());
            long n = x.size(d);
            long[] bounds = new long[(int) s - 1];
            long at = 0;
            for (int i = 0; i < s - 1; i++) bounds[i] = at += n / s + (i < n % s ? 1 : 0);
            return splitAt(x, d, bounds);
        });
        compositeN(r, "aten::tensor_split.indices(Tensor(a -> *) self, int[] indices, int dim=0) -> Tensor(a)[]", a -> {
            Tensor x = a.tensor(0);
            return splitAt(x, Shapes.normDim(a.integer(2), x.dim()), a.ints(1));
        });
        compositeN(r, "aten::unsafe_chunk(Tensor self, int chunks, int dim=0) -> Tensor[]",
                a -> calls("aten::chunk", a.tensor(0), a.integer(1), a.integer(2)));
        compositeN(r, "aten::unsafe_split.Tensor(Tensor self, int split_size, int dim=0) -> Tensor[]",
                a -> calls("aten::split.Tensor", a.tensor(0), a.integer(1), a.integer(2)));
    }


    private static Tensor[] meshgrid(Tensor[] ts, String indexing) {
        if (!indexing.equals("ij") && !indexing.equals("xy")) {
            throw new IllegalArgumentException("aten::meshgrid: indexing must be 'ij' or 'xy', got '" + indexing + "'");
        }
        int n = ts.length;
        boolean xy = indexing.equals("xy") && n >= 2;
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            if (ts[i].dim() > 1) throw new IllegalArgumentException("aten::meshgrid: expects 0-D or 1-D tensors");
            shape[i] = ts[i].numel();
        }
        if (xy) { long t = shape[0]; shape[0] = shape[1]; shape[1] = t; }
        Tensor[] out = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int pos = xy && i < 2 ? 1 - i : i;
            long[] view = new long[n];
            Arrays.fill(view, 1);
            view[pos] = shape[pos];
            out[i] = call("aten::expand", call("aten::reshape", ts[i], view), shape);
        }
        return out;
    }

    private static Tensor[] splitAt(Tensor x, int d, long[] bounds) {
        List<Tensor> out = new ArrayList<>();
        long n = x.size(d), prev = 0;
        for (int i = 0; i <= bounds.length; i++) {
            long end = i < bounds.length ? Math.min(Math.max(bounds[i], prev), n) : n;
            long start = Math.min(prev, n);
            out.add(call("aten::slice.Tensor", x, (long) d, start, end, 1L));
            prev = Math.max(end, start);
        }
        return out.toArray(new Tensor[0]);
    }
}
