package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.ShapeForms.reshape;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * tril/triu: Trilu from opset 14. Before, a mask over the last two dims selects x or zero: a constant mask
 * with Where (9+) when those dims are static, or built from Range (11+) or NonZero (9-10) when dynamic. Opsets 7-8 (no Where) gather
 * each kept element from x and each dropped one from a zero column padded on.
 */
final class IndexingTriangle {
    private IndexingTriangle() {}

    static Value lower(SymbolicContext g, boolean upper) {
        Value x = g.input(0);
        Type t = inType(g, 0);
        long k = g.isNone(1) ? 0 : ShapeForms.longArg(g, 1);
        if (g.opset() >= 14) return g.op("Trilu", x, g.constant(Tensor.scalar(k))).attr("upper", upper ? 1L : 0L).output();
        int rank = t.rank();
        DType d = outDtype(g, 0);
        Value zero = OnnxOps.scalar(g, 0L, d);
        if (!ShapeForms.isStatic(t, rank - 2, rank)) {
            if (g.opset() < 9) {
                throw new NotExpressible("tril/triu over rows or columns of sizes known only at run time need Where "
                        + "(opset 9)", 9);
            }
            Value rows = indices(g, IndexingGather.dimSize(g, x, t, rank - 2));
            Value cols = indices(g, IndexingGather.dimSize(g, x, t, rank - 1));
            Value diff = OnnxOps.sub(g, OnnxOps.unsqueeze(g, cols, 0), OnnxOps.unsqueeze(g, rows, 1));
            Value kv = g.constant(Tensor.scalar(k));
            Value mask = upper ? OnnxOps.greaterOrEqual(g, diff, kv) : OnnxOps.lessOrEqual(g, diff, kv);
            return g.op("Where", mask, x, zero).output();
        }
        long r = t.shape()[rank - 2], c = t.shape()[rank - 1];
        boolean[] keep = new boolean[(int) (r * c)];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) keep[(int) (i * c + j)] = upper ? j - i >= k : j - i <= k;
        }
        if (g.opset() >= 9) return g.op("Where", g.constant(Tensor.of(keep, r, c)), x, zero).output();
        DType f = OnnxOps.computeType(g, "Pad", d);
        Value flat = reshape(g, cast(g, x, f), g.constantLongs(-1, r * c));
        Value padded = g.op("Pad", flat).attr("mode", "constant").attr("pads", new long[] {0, 0, 0, 1}).attr("value", 0.0).output();
        long[] idx = new long[keep.length];
        for (int p = 0; p < idx.length; p++) idx[p] = keep[p] ? p : r * c;
        Value picked = ShapeForms.gather(g, padded, 1, idx);
        Value shape = ShapeForms.isStatic(t) ? g.constantLongs(t.shape()) : g.op("Shape", x).output();
        return cast(g, reshape(g, picked, shape), d);
    }

    /** 0, 1, ..., n-1 (int64) for a size {@code n} known only at run time: Range (11+), else NonZero of ones (9-10). */
    private static Value indices(SymbolicContext g, Value n) {
        if (g.opset() >= 11) return g.op("Range", g.constant(Tensor.scalar(0L)), n, g.constant(Tensor.scalar(1L))).output();
        Value ones = g.op("ConstantOfShape", ShapeForms.vec1(g, n)).attr("value", Tensor.of(new long[] {1}, 1)).output();
        return OnnxOps.squeeze(g, g.op("NonZero", ones).output(), 0);
    }
}
