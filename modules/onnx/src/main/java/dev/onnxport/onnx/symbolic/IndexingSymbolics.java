package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inRank;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.normDim;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.ShapeForms.END;
import static dev.onnxport.onnx.symbolic.ShapeForms.longArg;
import static dev.onnxport.onnx.symbolic.ShapeForms.one;
import static dev.onnxport.onnx.symbolic.ShapeForms.reshape;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/** Symbolic functions for slicing, gather/scatter, flips, rolls, triangles and pads. */
final class IndexingSymbolics {
    private IndexingSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::slice.Tensor", 7, IndexingSymbolics::slice);
        t.add("aten::select.int", 7, IndexingSymbolics::select);
        t.add("aten::narrow", 7, IndexingSymbolics::narrow);
        t.add("aten::index_select", 7, g -> {
            Value idx = g.input(2);
            if (inRank(g, 2) == 0) idx = reshape(g, idx, g.constantLongs(1));
            return one(IndexingGather.gatherAxis(g, g.input(0), inType(g, 0), normDim(longArg(g, 1), inRank(g, 0)), idx));
        });
        t.add("aten::index.Tensor", 7, AdvancedIndexingSymbolics::index);
        t.add("aten::gather", 7, IndexingGather::gatherElements);
        t.add("aten::scatter.src", 7, IndexingGather::scatter);
        t.add("aten::scatter.value", 7, IndexingGather::scatterValue);
        t.add("aten::scatter_add", 7, IndexingGather::scatterAdd);
        t.add("aten::index_add", 7, g -> {
            Type st = OnnxOps.inType(g, 3);
            int axis = (int) OnnxOps.normDim(longArg(g, 1), OnnxOps.inRank(g, 0));
            Value src = OnnxOps.cast(g, g.input(3), OnnxOps.outDtype(g, 0));
            if (!(g.constant(4) instanceof Long l && l == 1)) src = OnnxOps.mul(g, src, OnnxOps.scalar(g, g.constant(4), OnnxOps.outDtype(g, 0)));
            return one(IndexingGather.scatterAlong(g, axis, g.input(2), src, staticShape(g, st), true));
        });
        t.add("aten::index_copy", 7, g -> {
            int axis = (int) OnnxOps.normDim(longArg(g, 1), OnnxOps.inRank(g, 0));
            return one(IndexingGather.scatterAlong(g, axis, g.input(2), g.input(3), staticShape(g, OnnxOps.inType(g, 3)), false));
        });
        t.add("aten::index_fill.int_Scalar", 7, g -> {
            Type xt = OnnxOps.inType(g, 0), it = OnnxOps.inType(g, 2);
            int axis = (int) OnnxOps.normDim(longArg(g, 1), xt.rank());
            long[] shape = staticShape(g, xt).clone();
            shape[axis] = it.rank() == 0 ? 1 : staticShape(g, it)[0];
            Value src = g.constant(FactorySymbolics.full(shape, g.constant(3), OnnxOps.outDtype(g, 0)));
            return one(IndexingGather.scatterAlong(g, axis, g.input(2), src, shape, false));
        });
        t.add("aten::index_put", 7, g -> {
            Value[] idx = g.listInput(1);
            if (idx.length != 1) throw g.error("index_put with " + idx.length + " index tensors is not supported", "index along dim 0 with one tensor");
            Type xt = OnnxOps.inType(g, 0);
            long[] shape = staticShape(g, xt).clone();
            long[] is = g.type(idx[0]).shape();
            if (is.length != 1 || g.type(idx[0]).dtype() != DType.INT64) throw g.error("index_put with a boolean or multi-dim index is not supported", "use a 1-D int64 index");
            shape[0] = is[0];
            Value vals = ShapeSymbolics.expand(g, OnnxOps.cast(g, g.input(2), OnnxOps.outDtype(g, 0)), OnnxOps.inType(g, 2), null, shape, shape.length);
            return one(IndexingGather.scatterAlong(g, 0, idx[0], vals, shape, (Boolean) g.constant(3)));
        });
        t.add("aten::one_hot", 7, g -> {
            long c = (Long) g.constant(1);
            if (c < 0) throw g.error("one_hot with num_classes=-1 depends on the data", "give num_classes");
            long[] classes = new long[(int) c];
            for (int i = 0; i < c; i++) classes[i] = i;
            Value x = OnnxOps.cast(g, g.input(0), DType.INT64);
            Value eq = OnnxOps.equal(g, OnnxOps.unsqueeze(g, x, OnnxOps.inRank(g, 0)), g.constant(Tensor.of(classes, c)));
            return one(OnnxOps.cast(g, eq, DType.INT64));
        });
        t.add("aten::bucketize.Tensor", 7, IndexingSymbolics::bucketize);
        // views of static sizes: a Gather of the flat input at the view's element positions
        t.add("aten::diagonal", 7, g -> one(flatGather(g)));
        t.add("aten::unfold", 7, g -> one(flatGather(g)));
        t.add("aten::as_strided", 7, g -> one(flatGather(g)));
        // data-dependent sizes: NonZero (9) and Unique (11) keep them dynamic in the graph
        t.add("aten::nonzero", 7, g -> {
            OnnxOps.requireOpset(g, 9, "nonzero (NonZero)");
            return one(g.op("Transpose", g.op("NonZero", g.input(0)).output()).attr("perm", new long[] {1, 0}).output());
        });
        t.add("aten::masked_select", 7, g -> {
            OnnxOps.requireOpset(g, 9, "masked_select (NonZero)");
            Value x = g.input(0), m = OnnxOps.cast(g, g.input(1), DType.BOOL);
            Type xt = OnnxOps.inType(g, 0), mt = OnnxOps.inType(g, 1);
            if (!ShapeForms.isStatic(xt) || !ShapeForms.isStatic(mt)) throw g.error("masked_select of dynamic sizes is not supported", "give static sizes");
            int rank = Math.max(xt.rank(), mt.rank());
            long[] b = new long[rank];
            for (int k = 0; k < rank; k++) {
                int i = k - (rank - xt.rank()), j = k - (rank - mt.rank());
                b[k] = Math.max(i >= 0 ? xt.shape()[i] : 1, j >= 0 ? mt.shape()[j] : 1);
            }
            Value full = g.constantLongs(b);
            Value xf = g.op("Reshape", g.op("Expand", x, full).output(), g.constantLongs(-1)).output();
            Value mf = g.op("Reshape", g.op("Expand", m, full).output(), g.constantLongs(-1)).output();
            Value idx = g.op("Reshape", g.op("NonZero", mf).output(), g.constantLongs(-1)).output();
            return one(g.op("Gather", xf, idx).attr("axis", 0L).output());
        });
        t.add("aten::masked_scatter", 7, g -> {
            OnnxOps.requireOpset(g, 11, "masked_scatter (CumSum)");
            Value x = g.input(0);
            Value m = g.op("Expand", OnnxOps.cast(g, g.input(1), DType.BOOL), g.op("Shape", x).output()).output();
            Value pos = g.op("CumSum", g.op("Reshape", OnnxOps.cast(g, m, DType.INT64), g.constantLongs(-1)).output(),
                    g.constant(Tensor.scalar(0L))).output();
            // -1 before the first masked position: Gather (11) reads the last element there, which Where discards
            Value idx = g.op("Sub", pos, g.constant(Tensor.scalar(1L))).output();
            Value src = g.op("Reshape", OnnxOps.cast(g, g.input(2), OnnxOps.outDtype(g, 0)), g.constantLongs(-1)).output();
            Value picked = g.op("Reshape", g.op("Gather", src, idx).attr("axis", 0L).output(), g.op("Shape", x).output()).output();
            return one(g.op("Where", m, picked, OnnxOps.cast(g, x, OnnxOps.outDtype(g, 0))).output());
        });
        t.add("aten::_unique2", 7, g -> {
            OnnxOps.requireOpset(g, 11, "unique (Unique)");
            Value flat = g.op("Reshape", g.input(0), g.constantLongs(-1)).output();
            Value[] u = g.op("Unique", flat).attr("sorted", 1L).outputs(4);
            Value inv = g.op("Reshape", u[2], g.op("Shape", g.input(0)).output()).output();
            return new Value[] {u[0], inv, u[3]};
        });
        t.add("aten::unique_dim", 7, g -> {
            OnnxOps.requireOpset(g, 11, "unique (Unique)");
            long axis = OnnxOps.normDim(longArg(g, 1), OnnxOps.inRank(g, 0));
            Value[] u = g.op("Unique", g.input(0)).attr("sorted", 1L).attr("axis", axis).outputs(4);
            return new Value[] {u[0], u[2], u[3]};
        });
        t.add("aten::take", 7, g -> {
            Value flat = g.op("Reshape", g.input(0), g.constantLongs(-1)).output();
            Value gathered = g.op("Gather", flat, g.op("Reshape", g.input(1), g.constantLongs(-1)).output()).attr("axis", 0L).output();
            return one(g.op("Reshape", gathered, g.op("Shape", g.input(1)).output()).output());
        });
        t.add("aten::flip", 7, IndexingSymbolics::flip);
        t.add("aten::roll", 7, IndexingSymbolics::roll);
        t.add("aten::tril", 7, g -> one(IndexingTriangle.lower(g, false)));
        t.add("aten::triu", 7, g -> one(IndexingTriangle.lower(g, true)));
        t.add("aten::constant_pad_nd", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "constant", g.constant(2))));
        t.add("aten::reflection_pad2d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "reflect", 0L)));
        t.add("aten::replication_pad2d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "edge", 0L)));
        t.add("aten::reflection_pad1d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "reflect", 0L)));
        t.add("aten::reflection_pad3d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "reflect", 0L)));
        t.add("aten::replication_pad1d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "edge", 0L)));
        t.add("aten::replication_pad3d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "edge", 0L)));
        t.add("aten::_pad_circular", 7, g -> one(circular(g, ShapeForms.ints(g, 1))));
        t.add("aten::pad", 7, g -> {
            long[] p = ShapeForms.ints(g, 1);
            String mode = (String) g.constant(2);
            return one(switch (mode) {
                case "constant" -> pad(g, p, "constant", g.isNone(3) ? 0.0 : g.constant(3));
                case "reflect" -> pad(g, p, "reflect", 0L);
                case "replicate" -> pad(g, p, "edge", 0L);
                case "circular" -> circular(g, p);
                default -> throw g.error("pad mode '" + mode + "' is unknown", "use constant, reflect, replicate or circular");
            });
        });
    }

    private static Value[] slice(SymbolicContext g) {
        Type t = inType(g, 0);
        int axis = (int) normDim(longArg(g, 1), t.rank());
        long step = longArg(g, 4);
        Value x = g.input(0);
        boolean constant = (g.isNone(2) || g.isConstant(2)) && (g.isNone(3) || g.isConstant(3));
        if (!constant) {
            if (g.opset() < 10) {
                throw new NotExpressible("slicing with bounds computed at run time needs the input form of Slice, "
                        + "which ONNX has from opset 10", 10);
            }
            Value start = g.isNone(2) ? g.constantLongs(0) : ShapeForms.vec1(g, g.input(2));
            Value end = g.isNone(3) ? g.constantLongs(END) : ShapeForms.vec1(g, g.input(3));
            return one(ShapeForms.slice(g, x, axis, start, end, step));
        }
        long start = g.isNone(2) ? 0 : longArg(g, 2);
        long end = g.isNone(3) ? END : longArg(g, 3);
        boolean staticDim = t.symbol(axis) == null;
        long n = t.shape()[axis];
        if (staticDim && step == 1 && (start == 0 || start <= -n) && end >= n) return one(x);
        if (step == 1 || g.opset() >= 10) {
            return one(ShapeForms.slice(g, x, new long[] {axis}, new long[] {start}, new long[] {end}, new long[] {step}));
        }
        if (!staticDim) {
            throw new NotExpressible("slicing a dynamic dim with a step other than 1 needs the steps input of Slice, "
                    + "which ONNX has from opset 10", 10);
        }
        // a static dim: the picked indices are known, so a Gather does it
        long s = clampIndex(start, n), e = clampIndex(end, n);
        int count = (int) Math.max(0, (e - s + step - 1) / step);
        long[] idx = new long[count];
        for (int k = 0; k < count; k++) idx[k] = s + k * step;
        return one(ShapeForms.gather(g, x, axis, idx));
    }

    /** A Python slice bound normalized to [0, n]. */
    private static long clampIndex(long i, long n) {
        if (i < 0) i += n;
        return Math.max(0, Math.min(i, n));
    }

    private static Value[] select(SymbolicContext g) {
        Type t = inType(g, 0);
        int axis = (int) normDim(longArg(g, 1), t.rank());
        Value idx;
        if (g.isConstant(2)) {
            long i = longArg(g, 2);
            if (i < 0 && g.opset() < 11 && t.symbol(axis) == null) i += t.shape()[axis];
            idx = g.constant(Tensor.scalar(i));
            if (i < 0 && g.opset() < 11) idx = OnnxOps.add(g, OnnxOps.size(g, g.input(0), axis), idx);
        } else {
            idx = ShapeForms.scalar0(g, g.input(2));
        }
        return one(g.op("Gather", g.input(0), idx).attr("axis", (long) axis).output());
    }

    /** narrow = slice [start, start + length); a negative start counts from the end, as in Slice. */
    private static Value[] narrow(SymbolicContext g) {
        Type t = inType(g, 0);
        long axis = normDim(longArg(g, 1), t.rank());
        Value x = g.input(0);
        if (g.isConstant(2) && g.isConstant(3)) {
            long start = longArg(g, 2), end = start + longArg(g, 3);
            if (start < 0 && end == 0) end = END;
            return one(ShapeForms.slice(g, x, axis, start, end));
        }
        if (g.opset() < 10) {
            throw new NotExpressible("narrow with a start or length computed at run time needs the input form of Slice, "
                    + "which ONNX has from opset 10", 10);
        }
        Value start = ShapeForms.vec1(g, g.input(2));
        Value end = OnnxOps.add(g, start, ShapeForms.vec1(g, g.input(3)));
        return one(ShapeForms.slice(g, x, axis, start, end, 1));
    }

    /** Slice with step -1 over each dim from opset 10; before, a Gather of the reversed indices of a static dim. */
    private static Value[] flip(SymbolicContext g) {
        Type t = inType(g, 0);
        long[] dims = ShapeForms.normDims(ShapeForms.ints(g, 1), t.rank());
        Value x = g.input(0);
        if (dims.length == 0) return one(x);
        if (g.opset() >= 10) {
            long[] starts = new long[dims.length], ends = new long[dims.length], steps = new long[dims.length];
            java.util.Arrays.fill(starts, -1);
            java.util.Arrays.fill(ends, Long.MIN_VALUE);
            java.util.Arrays.fill(steps, -1);
            return one(ShapeForms.slice(g, x, dims, starts, ends, steps));
        }
        for (long d : dims) {
            if (t.symbol((int) d) != null) {
                throw new NotExpressible("flipping a dynamic dim needs Slice with negative steps, which ONNX has from opset 10", 10);
            }
            long n = t.shape()[(int) d];
            long[] idx = new long[(int) n];
            for (int k = 0; k < n; k++) idx[k] = n - 1 - k;
            x = ShapeForms.gather(g, x, d, idx);
        }
        return one(x);
    }

    /** Each (shift, dim): the last {@code shift} entries moved to the front with two Slices and a Concat. */
    private static Value[] roll(SymbolicContext g) {
        Type t = inType(g, 0);
        long[] shifts = ShapeForms.ints(g, 1);
        long[] dims = ShapeForms.ints(g, 2);
        Value x = g.input(0);
        if (dims.length == 0) {
            Value flat = reshape(g, x, g.constantLongs(-1));
            long n = 1;
            for (long d : t.shape()) n *= d;
            Value r = rollDim(g, flat, 0, shifts[0], n);
            Value shape = ShapeForms.isStatic(t) ? g.constantLongs(t.shape()) : g.op("Shape", x).output();
            return one(reshape(g, r, shape));
        }
        for (int k = 0; k < dims.length; k++) {
            int d = (int) normDim(dims[k], t.rank());
            x = rollDim(g, x, d, shifts[k], t.shape()[d]);
        }
        return one(x);
    }

    private static Value rollDim(SymbolicContext g, Value x, long axis, long shift, long n) {
        long s = n == 0 ? 0 : Math.floorMod(shift, n);
        if (s == 0) return x;
        return ShapeForms.concat(g, axis, ShapeForms.slice(g, x, axis, -s, END), ShapeForms.slice(g, x, axis, 0, -s));
    }

    /**
     * Pad {@code pad} (PyTorch order: last dim first, begin/end pairs) in {@code mode}: inputs from opset 11,
     * attributes before (float data only there, so other dtypes are padded in a float type and cast back).
     */
    /**
     * A view op (diagonal, unfold, as_strided) of an input with static sizes: the positions its elements have in the
     * contiguous input, computed by running the eager view on an arange of the input's size, gathered from the flat input.
     */
    private static Value flatGather(SymbolicContext g) {
        Type xt = OnnxOps.inType(g, 0);
        long[] shape = staticShape(g, xt);
        long n = IndexingGather.numel(shape);
        long[] pos = new long[(int) n];
        for (int i = 0; i < n; i++) pos[i] = i;
        int k = g.node().inputs().size();
        Object[] args = new Object[k];
        args[0] = Tensor.of(pos, shape);
        for (int i = 1; i < k; i++) {
            if (!g.isNone(i) && !g.isConstant(i)) throw g.error("an argument is computed from the inputs", "give constant arguments");
            args[i] = g.isNone(i) ? null : g.constant(i);
        }
        dev.onnxport.ops.OpDef op = g.node().op();
        Tensor view = dev.onnxport.ops.Dispatcher.compute(op, dev.onnxport.ops.Args.bind(op, args, java.util.Map.of()))[0];
        Value flat = g.op("Reshape", g.input(0), g.constantLongs(-1)).output();
        return g.op("Gather", flat, g.constant(view.copy())).attr("axis", 0L).output();
    }

    /**
     * bucketize as PyTorch's binary search, unrolled: ceil(log2(n + 1)) steps of {@code mid = (start + end) / 2}, the
     * boundary at mid gathered per element, and start or end moved (for unsorted boundaries too, as PyTorch).
     */
    private static Value[] bucketize(SymbolicContext g) {
        Type bt = OnnxOps.inType(g, 1);
        if (bt.rank() != 1 || bt.symbol(0) != null) throw g.error("bucketize with dynamic boundaries is not supported", "give 1-D boundaries of static size");
        long n = bt.shape()[0];
        boolean right = (Boolean) g.constant(3);
        DType d = OnnxOps.dtype(g, g.input(0)).isFloatingPoint() ? OnnxOps.dtype(g, g.input(0)) : DType.FLOAT64;
        Value x = OnnxOps.cast(g, g.input(0), d), b = OnnxOps.cast(g, g.input(1), d);
        Value zero = OnnxOps.mul(g, OnnxOps.cast(g, OnnxOps.isNaN(g, x), DType.INT64), g.constant(Tensor.scalar(0L)));
        Value start = zero, end = OnnxOps.add(g, zero, g.constant(Tensor.scalar(n)));
        Value one = g.constant(Tensor.scalar(1L)), two = g.constant(Tensor.scalar(2L)), last = g.constant(Tensor.scalar(Math.max(n - 1, 0)));
        for (long span = n; span > 0; span >>= 1) {
            Value active = OnnxOps.cast(g, OnnxOps.less(g, start, end), DType.INT64);
            Value mid = OnnxOps.div(g, OnnxOps.add(g, start, end), two);
            Value at = g.op("Gather", b, OnnxOps.maxMin(g, "Min", mid, last)).attr("axis", 0L).output();
            Value before = right ? OnnxOps.not(g, OnnxOps.greater(g, at, x)) : OnnxOps.not(g, OnnxOps.greaterOrEqual(g, at, x));
            Value bi = OnnxOps.mul(g, OnnxOps.cast(g, before, DType.INT64), active);
            Value ai = OnnxOps.sub(g, active, bi);
            start = OnnxOps.add(g, start, OnnxOps.mul(g, bi, OnnxOps.sub(g, OnnxOps.add(g, mid, one), start)));
            end = OnnxOps.add(g, end, OnnxOps.mul(g, ai, OnnxOps.sub(g, mid, end)));
        }
        return one(OnnxOps.cast(g, start, OnnxOps.outDtype(g, 0)));
    }

    private static long[] staticShape(SymbolicContext g, Type t) {
        if (!ShapeForms.isStatic(t)) throw g.error("this op on dynamic sizes is not supported", "give static sizes");
        return t.shape();
    }

    /** Circular padding: per padded dim, the wrapped-around slices concatenated on both sides (static sizes). */
    private static Value circular(SymbolicContext g, long[] pad) {
        Value x = g.input(0);
        dev.onnxport.ir.Type t = OnnxOps.inType(g, 0);
        int rank = t.rank();
        for (int j = 0; j < pad.length / 2; j++) {
            int d = rank - 1 - j;
            if (t.symbol(d) != null) throw g.error("circular padding of a dynamic dim is not supported", "give a static size");
            long n = t.shape()[d], before = pad[2 * j], after = pad[2 * j + 1];
            java.util.List<Value> parts = new java.util.ArrayList<>();
            if (before > 0) parts.add(ShapeForms.slice(g, x, d, n - before, n));
            parts.add(x);
            if (after > 0) parts.add(ShapeForms.slice(g, x, d, 0, after));
            if (parts.size() > 1) x = g.op("Concat", parts.toArray(new Value[0])).attr("axis", (long) d).output();
        }
        return x;
    }

    static Value pad(SymbolicContext g, long[] pad, String mode, Object value) {
        Value x = g.input(0);
        int rank = inRank(g, 0);
        long[] pads = new long[2 * rank];
        boolean any = false;
        for (int j = 0; j < pad.length / 2; j++) {
            int d = rank - 1 - j;
            pads[d] = pad[2 * j];
            pads[d + rank] = pad[2 * j + 1];
            any |= pad[2 * j] != 0 || pad[2 * j + 1] != 0;
        }
        if (!any) return x;
        DType d = outDtype(g, 0);
        DType c = OnnxOps.computeType(g, "Pad", d);
        Value xc = cast(g, x, c);
        Value r;
        if (g.opset() >= 11) {
            Value v = OnnxOps.scalar(g, value == null ? 0L : value, c);
            r = g.op("Pad", xc, g.constantLongs(pads), v).attr("mode", mode).output();
        } else {
            double v = value instanceof Boolean b ? (b ? 1 : 0) : value == null ? 0 : ((Number) value).doubleValue();
            r = g.op("Pad", xc).attr("mode", mode).attr("pads", pads).attr("value", v).output();
        }
        return cast(g, r, d);
    }
}
