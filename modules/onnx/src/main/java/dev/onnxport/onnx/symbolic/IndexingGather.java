package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.normDim;
import static dev.onnxport.onnx.symbolic.ShapeForms.longArg;
import static dev.onnxport.onnx.symbolic.ShapeForms.one;
import static dev.onnxport.onnx.symbolic.ShapeForms.reshape;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * Gather along an axis, gather/scatter of elements (GatherElements and ScatterElements from 11, Scatter 9-10);
 * before those, over static shapes, through the flat positions of the indexed elements.
 */
final class IndexingGather {
    private IndexingGather() {}

    /** Gather along {@code axis}; negative indices are wrapped in the graph before opset 11, whose Gather does it. */
    static Value gatherAxis(SymbolicContext g, Value x, Type xt, long axis, Value idx) {
        if (g.opset() < 11) idx = wrapNegative(g, idx, dimSize(g, x, xt, (int) axis));
        return g.op("Gather", x, idx).attr("axis", axis).output();
    }

    /** {@code i + n} where {@code i < 0}, in int64. */
    static Value wrapNegative(SymbolicContext g, Value idx, Value n) {
        Value i = cast(g, idx, DType.INT64);
        Value neg = cast(g, OnnxOps.less(g, i, g.constant(Tensor.scalar(0L))), DType.INT64);
        return OnnxOps.add(g, i, OnnxOps.mul(g, neg, n));
    }

    /** Dim {@code d} of x as a 0-d int64: a constant when static. */
    static Value dimSize(SymbolicContext g, Value x, Type xt, int d) {
        if (xt.symbol(d) == null) return g.constant(Tensor.scalar(xt.shape()[d]));
        return OnnxOps.size(g, x, d);
    }

    static Value[] gatherElements(SymbolicContext g) {
        Type xt = inType(g, 0), it = inType(g, 2);
        int axis = (int) normDim(longArg(g, 1), xt.rank());
        if (g.opset() >= 11) return one(g.op("GatherElements", g.input(0), g.input(2)).attr("axis", (long) axis).output());
        requireStatic(xt, it, "gather");
        Value flat = reshape(g, g.input(0), g.constantLongs(-1));
        return one(g.op("Gather", flat, flatPositions(g, g.input(2), xt.shape(), it.shape(), axis)).attr("axis", 0L).output());
    }

    /**
     * scatter: ScatterElements from 11, Scatter 9-10. Opsets 7-8 compare each index's flat position with every
     * position of self (a one-hot matrix), take src through a MatMul and blend; exact for finite values (an
     * infinite or NaN value spreads through the products).
     */
    static Value[] scatter(SymbolicContext g) {
        return one(scatter(g, cast(g, g.input(3), OnnxOps.outDtype(g, 0)), inType(g, 3), false));
    }

    /** scatter.value: the value filled to the index's shape as src. */
    static Value[] scatterValue(SymbolicContext g) {
        Type it = inType(g, 2);
        DType d = OnnxOps.outDtype(g, 0);
        if (!ShapeForms.isStatic(it)) throw g.error("scatter of a value with a dynamic index shape is not supported", "give static sizes");
        Value src = g.constant(FactorySymbolics.full(it.shape(), g.constant(3), d));
        return one(scatter(g, src, it, false));
    }

    /** scatter_add: ScatterElements with reduction add (16+); before, the sum of one-hot products (static sizes). */
    static Value[] scatterAdd(SymbolicContext g) {
        return one(scatter(g, cast(g, g.input(3), OnnxOps.outDtype(g, 0)), inType(g, 3), true));
    }

    /**
     * scatter(self, dim, index, src) with src given: ScatterElements (11+) or Scatter (9, 10); before, or when
     * {@code add} below 16, a MatMul of src with the one-hot matrix of the flat target positions (static sizes).
     */
    private static Value scatter(SymbolicContext g, Value src, Type st, boolean add) {
        Type xt = inType(g, 0), it = inType(g, 2);
        int axis = (int) normDim(longArg(g, 1), xt.rank());
        DType d = OnnxOps.outDtype(g, 0);
        Value x = cast(g, g.input(0), d), idx = g.input(2);
        if (add ? g.opset() >= 16 : g.opset() >= 9) {
            String op = g.opset() >= 11 ? "ScatterElements" : "Scatter";
            Value s = sliceTo(g, src, st, it);
            SymbolicContext.NodeBuilder b = g.op(op, x, idx, s).attr("axis", (long) axis);
            if (add) b.attr("reduction", "add");
            return b.output();
        }
        requireStatic(xt, it, add ? "scatter_add" : "scatter");
        if (!ShapeForms.isStatic(st)) requireStatic(st, it, "scatter");
        return scatterFlat(g, x, xt.shape(), axis, idx, it.shape(), sliceTo(g, src, st, it), add, d);
    }

    /**
     * index_add, index_copy, index_fill, index_put along {@code axis} of input 0 with the 1-D index {@code idx}: the index
     * expanded to the (static) shape {@code srcShape} of {@code src}, then scattered (ScatterElements, Scatter, or the
     * one-hot MatMul before 9, and for {@code add} before 16).
     */
    static Value scatterAlong(SymbolicContext g, int axis, Value idx, Value src, long[] srcShape, boolean add) {
        Type xt = inType(g, 0);
        DType d = OnnxOps.outDtype(g, 0);
        Value x = cast(g, g.input(0), d);
        if (!ShapeForms.isStatic(xt)) throw g.error("index_add/index_copy/index_fill/index_put on dynamic sizes are not supported", "give static sizes");
        long[] view = new long[xt.rank()];
        java.util.Arrays.fill(view, 1);
        view[axis] = -1;
        Value col = reshape(g, cast(g, idx, DType.INT64), g.constantLongs(view));
        Value full = ShapeSymbolics.expand(g, col, g.type(col), null, srcShape, srcShape.length);
        if (add ? g.opset() >= 16 : g.opset() >= 9) {
            String op = g.opset() >= 11 ? "ScatterElements" : "Scatter";
            SymbolicContext.NodeBuilder b = g.op(op, x, full, cast(g, src, d)).attr("axis", (long) axis);
            if (add) b.attr("reduction", "add");
            return b.output();
        }
        return scatterFlat(g, x, xt.shape(), axis, full, srcShape, cast(g, src, d), add, d);
    }

    private static Value scatterFlat(SymbolicContext g, Value x, long[] xshape, int axis, Value idx, long[] ishape, Value src,
                                     boolean add, DType d) {
        long n = numel(xshape), k = numel(ishape);
        Value pos = reshape(g, flatPositions(g, idx, xshape, ishape, axis), g.constantLongs(k, 1));
        long[] all = new long[(int) n];
        for (int i = 0; i < n; i++) all[i] = i;
        Value hitMatrix = g.op("Equal", pos, g.constant(Tensor.of(all, 1, n))).output();
        DType c = d == DType.FLOAT32 || d == DType.FLOAT16 ? DType.FLOAT32 : DType.FLOAT64;
        Value s = reshape(g, cast(g, src, c), g.constantLongs(1, k));
        Value self = reshape(g, cast(g, x, c), g.constantLongs(1, n));
        Value r;
        if (add) {
            r = OnnxOps.add(g, self, g.op("MatMul", s, cast(g, hitMatrix, c)).output());
        } else {
            // with repeated positions the last write wins, as on PyTorch's CPU: keep the hit of the highest row
            long[] rowNo = new long[(int) k];
            for (int i = 0; i < k; i++) rowNo[i] = i + 1;
            Value rank = OnnxOps.mul(g, cast(g, hitMatrix, DType.INT64), g.constant(Tensor.of(rowNo, k, 1)));
            Value lastRank = OnnxOps.reduce(g, "ReduceMax", rank, new long[] {0}, true);
            Value last = OnnxOps.and(g, hitMatrix, g.op("Equal", rank, lastRank).output());
            Value oh = cast(g, last, c);
            Value val = g.op("MatMul", s, oh).output();
            Value hit = OnnxOps.reduce(g, "ReduceMax", oh, new long[] {0}, true);
            Value keep = OnnxOps.sub(g, OnnxOps.scalar(g, 1.0, c), hit);
            r = OnnxOps.add(g, OnnxOps.mul(g, self, keep), val);
        }
        return cast(g, reshape(g, r, g.constantLongs(xshape)), d);
    }

    private static void requireStatic(Type a, Type b, String what) {
        if (!ShapeForms.isStatic(a) || !ShapeForms.isStatic(b)) {
            throw new NotExpressible(what + " on tensors with sizes known only at run time needs GatherElements/"
                    + "ScatterElements, which ONNX has from opset 11", 11);
        }
    }

    /** src cut to the index's shape (PyTorch reads only that corner of src). */
    private static Value sliceTo(SymbolicContext g, Value src, Type st, Type it) {
        if (!ShapeForms.isStatic(st) || !ShapeForms.isStatic(it) || java.util.Arrays.equals(st.shape(), it.shape())) return src;
        int r = it.rank();
        long[] axes = new long[r], starts = new long[r], steps = new long[r];
        for (int k = 0; k < r; k++) {
            axes[k] = k;
            steps[k] = 1;
        }
        return ShapeForms.slice(g, src, axes, starts, it.shape(), steps);
    }

    /**
     * The flat (row-major) position in self of each element of the index tensor: {@code index * stride[axis]} plus
     * the constant contribution of the element's own coordinates in the other dims.
     */
    static Value flatPositions(SymbolicContext g, Value idx, long[] selfShape, long[] idxShape, int axis) {
        int r = selfShape.length;
        long[] stride = new long[r];
        long s = 1;
        for (int k = r - 1; k >= 0; k--) {
            stride[k] = s;
            s *= selfShape[k];
        }
        int n = (int) numel(idxShape);
        long[] offs = new long[n];
        long[] coord = new long[r];
        for (int i = 0; i < n; i++) {
            long o = 0;
            for (int k = 0; k < r; k++) if (k != axis) o += coord[k] * stride[k];
            offs[i] = o;
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < idxShape[k]) break;
                coord[k] = 0;
            }
        }
        Value i64 = cast(g, idx, DType.INT64);
        Value scaled = stride[axis] == 1 ? i64 : OnnxOps.mul(g, i64, g.constant(Tensor.scalar(stride[axis])));
        return OnnxOps.add(g, scaled, g.constant(Tensor.of(offs, idxShape)));
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
