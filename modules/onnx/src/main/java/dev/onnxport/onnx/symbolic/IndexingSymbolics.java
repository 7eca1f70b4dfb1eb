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
        t.add("aten::flip", 7, IndexingSymbolics::flip);
        t.add("aten::roll", 7, IndexingSymbolics::roll);
        t.add("aten::tril", 7, g -> one(IndexingTriangle.lower(g, false)));
        t.add("aten::triu", 7, g -> one(IndexingTriangle.lower(g, true)));
        t.add("aten::constant_pad_nd", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "constant", g.constant(2))));
        t.add("aten::reflection_pad2d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "reflect", 0L)));
        t.add("aten::replication_pad2d", 7, g -> one(pad(g, ShapeForms.ints(g, 1), "edge", 0L)));
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
