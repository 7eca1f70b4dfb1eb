package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.ShapeForms.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Advanced indexing ({@code aten::index.Tensor}): boolean masks become their NonZero coordinates; one index
 * is a Gather on its dim; several are combined into one row-major index over their dims, which are merged
 * into one (moved to the front first when they are not adjacent, as PyTorch places the result there).
 */
final class AdvancedIndexingSymbolics {
    private AdvancedIndexingSymbolics() {}

    static Value[] index(SymbolicContext g) {
        Value x = g.input(0);
        Type t = inType(g, 0);
        List<Integer> dims = new ArrayList<>();
        List<Value> idx = new ArrayList<>();
        int d = 0;
        for (Value v : g.listInput(1)) {
            if (v == null) {
                d++;
                continue;
            }
            Type it = g.type(v);
            if (it.dtype() == DType.BOOL || it.dtype() == DType.UINT8) {
                if (g.opset() < 9) {
                    throw new NotExpressible("indexing with a boolean mask needs NonZero, which ONNX has from opset 9", 9);
                }
                Value nz = g.op("NonZero", v).output();
                for (int j = 0; j < it.rank(); j++) {
                    dims.add(d + j);
                    idx.add(g.op("Gather", nz, g.constant(Tensor.scalar((long) j))).attr("axis", 0L).output());
                }
                d += it.rank();
            } else {
                dims.add(d++);
                idx.add(cast(g, v, DType.INT64));
            }
        }
        if (dims.isEmpty()) return one(x);
        if (dims.size() == 1) return one(IndexingGather.gatherAxis(g, x, t, dims.get(0), idx.get(0)));
        boolean adjacent = true;
        for (int j = 1; j < dims.size(); j++) adjacent &= dims.get(j) == dims.get(0) + j;
        if (!adjacent) {
            long[] perm = new long[t.rank()];
            int p = 0;
            for (int dim : dims) perm[p++] = dim;
            for (int k = 0; k < t.rank(); k++) if (!dims.contains(k)) perm[p++] = k;
            x = ShapeForms.transpose(g, x, perm);
            t = permuted(t, perm);
            for (int j = 0; j < dims.size(); j++) dims.set(j, j);
        }
        Value linear = null;
        for (int j = 0; j < dims.size(); j++) {
            Value n = IndexingGather.dimSize(g, x, t, dims.get(j));
            Value i = IndexingGather.wrapNegative(g, idx.get(j), n);
            linear = linear == null ? i : OnnxOps.add(g, OnnxOps.mul(g, linear, n), i);
        }
        int first = dims.get(0), last = dims.get(dims.size() - 1);
        Value merged = ShapeSymbolics.mergeDims(g, x, t, first, last);
        return one(g.op("Gather", merged, linear).attr("axis", (long) first).output());
    }

    private static Type permuted(Type t, long[] perm) {
        long[] s = new long[perm.length];
        for (int k = 0; k < perm.length; k++) s[k] = t.shape()[(int) perm[k]];
        Type out = Type.tensor(t.dtype(), s);
        for (int k = 0; k < perm.length; k++) if (t.symbol((int) perm[k]) != null) out = out.withSymbol(k, t.symbol((int) perm[k]));
        return out;
    }
}
