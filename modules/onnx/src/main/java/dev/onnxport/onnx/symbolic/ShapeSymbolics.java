package dev.onnxport.onnx.symbolic;

import dev.onnxport.tensor.Shapes;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inRank;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.normDim;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.ShapeForms.concat;
import static dev.onnxport.onnx.symbolic.ShapeForms.dims;
import static dev.onnxport.onnx.symbolic.ShapeForms.longArg;
import static dev.onnxport.onnx.symbolic.ShapeForms.one;
import static dev.onnxport.onnx.symbolic.ShapeForms.reshape;
import static dev.onnxport.onnx.symbolic.ShapeForms.transpose;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Symbolic functions for views and shape changes, concatenation and splitting. */
final class ShapeSymbolics {
    private ShapeSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::t", 7, g -> one(inRank(g, 0) < 2 ? g.input(0) : transpose(g, g.input(0), new long[] {1, 0})));
        t.add("aten::view", 7, g -> one(reshapeTo(g, 1)));
        t.add("aten::reshape", 7, g -> one(reshapeTo(g, 1)));
        t.add("aten::view_as", 7, g -> one(reshape(g, g.input(0), g.op("Shape", g.input(1)).output())));
        t.add("aten::permute", 7, g -> one(transpose(g, g.input(0), ShapeForms.normDims(ShapeForms.ints(g, 1), inRank(g, 0)))));
        t.add("aten::transpose.int", 7, ShapeSymbolics::transposeInt);
        t.add("aten::flatten.using_ints", 7, ShapeSymbolics::flatten);
        t.add("aten::squeeze", 7, ShapeSymbolics::squeezeAll);
        t.add("aten::squeeze.dim", 7, ShapeSymbolics::squeezeDim);
        t.add("aten::unsqueeze", 7, g -> one(OnnxOps.unsqueeze(g, g.input(0), normDim(longArg(g, 1), inRank(g, 0) + 1))));
        t.add("aten::expand", 7, g -> one(expand(g, g.input(0), inType(g, 0), g.input(1),
                g.isConstant(1) ? ShapeForms.ints(g, 1) : null, g.node().outputs().get(0).type().rank())));
        t.add("aten::expand_as", 7, g -> one(expand(g, g.input(0), inType(g, 0), g.op("Shape", g.input(1)).output(),
                ShapeForms.isStatic(inType(g, 1)) ? inType(g, 1).shape() : null, inRank(g, 1))));
        t.add("aten::repeat", 7, g -> {
            int n = g.node().outputs().get(0).type().rank();
            return one(g.op("Tile", ShapeForms.prependOnes(g, g.input(0), n - inRank(g, 0)), g.input(1)).output());
        });
        t.add("aten::cat", 7, ShapeSymbolics::cat);
        t.add("aten::stack", 7, ShapeSymbolics::stack);
        t.add("aten::split.Tensor", 7, g -> splitLike(g, longArg(g, 2), true));
        t.add("aten::split_with_sizes", 7, g -> splitLike(g, longArg(g, 2), false));
        t.add("aten::chunk", 7, g -> splitLike(g, longArg(g, 2), true));
        t.add("aten::unbind.int", 7, ShapeSymbolics::unbind);
        t.add("aten::unsafe_chunk", 7, g -> splitLike(g, longArg(g, 2), true));
        t.add("aten::unsafe_split.Tensor", 7, g -> splitLike(g, longArg(g, 2), true));
        // the part sizes are the traced outputs' (they depend on the traced size of the dim only)
        t.add("aten::tensor_split.sections", 7, g -> splitLike(g, longArg(g, 2), false));
        t.add("aten::tensor_split.indices", 7, g -> splitLike(g, longArg(g, 2), false));
        t.add("aten::type_as", 7, g -> one(OnnxOps.cast(g, g.input(0), OnnxOps.outDtype(g, 0))));
        t.add("aten::reshape_as", 7, g -> one(reshape(g, g.input(0), g.op("Shape", g.input(1)).output())));
        t.add("aten::movedim.intlist", 7, g -> one(transpose(g, g.input(0), Shapes.movedimPermutation(inRank(g, 0), ShapeForms.ints(g, 1), ShapeForms.ints(g, 2)))));
        t.add("aten::movedim.int", 7, g -> one(transpose(g, g.input(0), Shapes.movedimPermutation(inRank(g, 0), new long[] {longArg(g, 1)},
                new long[] {longArg(g, 2)}))));
        t.add("aten::broadcast_tensors", 7, g -> {
            Value[] in = g.listInput(0);
            Value[] out = new Value[in.length];
            for (int k = 0; k < in.length; k++) {
                dev.onnxport.ir.Type ot = g.node().outputs().get(k).type();
                if (ShapeForms.isStatic(ot)) {
                    out[k] = expand(g, in[k], g.type(in[k]), null, ot.shape(), ot.rank());
                    continue;
                }
                // a dynamic size: x + 0 * (each other input) broadcasts without a shape computation
                Value acc = in[k];
                DType d = OnnxOps.dtype(g, in[k]);
                for (int j = 0; j < in.length; j++) {
                    if (j != k) acc = OnnxOps.add(g, acc, OnnxOps.mul(g, OnnxOps.cast(g, in[j], d), OnnxOps.scalar(g, 0L, d)));
                }
                out[k] = acc;
            }
            return out;
        });
        t.add("aten::meshgrid.indexing", 7, g -> meshgrid(g, (String) g.constant(1)));
        t.add("aten::meshgrid", 7, g -> meshgrid(g, "ij"));
        // [.., C, H*f, W*f] -> [.., C, H, f, W, f] -> [.., C, f, f, H, W] -> [.., C*f*f, H, W] (static sizes)
        t.add("aten::pixel_unshuffle", 7, g -> {
            Type xt = inType(g, 0);
            if (!ShapeForms.isStatic(xt)) throw g.error("pixel_unshuffle of dynamic sizes is not supported", "give static sizes");
            long f = longArg(g, 1);
            long[] s = xt.shape();
            int n = s.length, b = n - 3;
            long c = s[b], h = s[b + 1] / f, w = s[b + 2] / f;
            long[] six = java.util.Arrays.copyOf(s, n + 2);
            six[b] = c; six[b + 1] = h; six[b + 2] = f; six[b + 3] = w; six[b + 4] = f;
            long[] perm = new long[n + 2];
            for (int k = 0; k < b; k++) perm[k] = k;
            perm[b] = b; perm[b + 1] = b + 2; perm[b + 2] = b + 4; perm[b + 3] = b + 1; perm[b + 4] = b + 3;
            long[] out = java.util.Arrays.copyOf(s, n);
            out[b] = c * f * f; out[b + 1] = h; out[b + 2] = w;
            Value v = g.op("Reshape", g.input(0), g.constantLongs(six)).output();
            v = g.op("Transpose", v).attr("perm", perm).output();
            return one(g.op("Reshape", v, g.constantLongs(out)).output());
        });
        t.add("aten::pixel_shuffle", 7, ShapeSymbolics::pixelShuffle);
        t.add("aten::repeat_interleave.self_int", 7, ShapeSymbolics::repeatInterleave);
        // copies and layout changes are values in ONNX
        t.add("aten::contiguous", 7, g -> one(g.input(0)));
        t.add("aten::clone", 7, g -> one(g.input(0)));
    }

    /** Reshape to the int list of input {@code i}; -1 is Reshape's own, a literal 0 must not mean "copy". */
    private static Value reshapeTo(SymbolicContext g, int i) {
        Value x = g.input(0);
        if (g.isConstant(i) && Arrays.stream(ShapeForms.ints(g, i)).anyMatch(d -> d == 0)) {
            if (g.opset() >= 14) return g.op("Reshape", x, g.input(i)).attr("allowzero", 1L).output();
            // before allowzero, the traced (empty) shape; with a dynamic input 0 can only mean "copy"
            if (ShapeForms.isStatic(inType(g, 0))) return reshape(g, x, g.constantLongs(g.node().outputs().get(0).type().shape()));
        }
        return reshape(g, x, g.input(i));
    }

    private static Value[] transposeInt(SymbolicContext g) {
        int rank = inRank(g, 0);
        if (rank < 2) return one(g.input(0));
        long[] perm = new long[rank];
        for (int k = 0; k < rank; k++) perm[k] = k;
        int a = (int) normDim(longArg(g, 1), rank), b = (int) normDim(longArg(g, 2), rank);
        perm[a] = b;
        perm[b] = a;
        return one(transpose(g, g.input(0), perm));
    }

    private static Value[] flatten(SymbolicContext g) {
        int rank = inRank(g, 0);
        Value x = g.input(0);
        if (rank == 0) return one(reshape(g, x, g.constantLongs(1)));
        int s = (int) normDim(longArg(g, 1), rank), e = (int) normDim(longArg(g, 2), rank);
        if (s == e) return one(x);
        return one(mergeDims(g, x, inType(g, 0), s, e));
    }

    /**
     * Reshape merging dims {@code [s, e]} of x into one: leading dims copied (0), the merged dim -1, trailing
     * dims as constants or read from x's shape.
     */
    static Value mergeDims(SymbolicContext g, Value x, Type t, int s, int e) {
        int rank = t.rank();
        if (ShapeForms.isStatic(t)) {
            long[] shape = t.shape();
            long[] out = new long[rank - (e - s)];
            long merged = 1;
            for (int k = s; k <= e; k++) merged *= shape[k];
            for (int k = 0; k < out.length; k++) out[k] = k < s ? shape[k] : k == s ? merged : shape[k + e - s];
            return reshape(g, x, g.constantLongs(out));
        }
        long[] head = new long[s + 1];
        head[s] = -1;
        Value shape = e + 1 < rank ? concat(g, 0, g.constantLongs(head), dims(g, x, t, e + 1, rank)) : g.constantLongs(head);
        return reshape(g, x, shape);
    }

    private static Value[] squeezeAll(SymbolicContext g) {
        Type t = inType(g, 0);
        List<Long> axes = new ArrayList<>();
        for (int k = 0; k < t.rank(); k++) if (t.symbol(k) == null && t.shape()[k] == 1) axes.add((long) k);
        if (axes.isEmpty()) return one(g.input(0));
        return one(OnnxOps.squeeze(g, g.input(0), axes.stream().mapToLong(Long::longValue).toArray()));
    }

    /** PyTorch leaves a dim that is not 1 in place; the traced size decides. */
    private static Value[] squeezeDim(SymbolicContext g) {
        Type t = inType(g, 0);
        if (t.rank() == 0) return one(g.input(0));
        int d = (int) normDim(longArg(g, 1), t.rank());
        if (t.shape()[d] != 1) return one(g.input(0));
        return one(OnnxOps.squeeze(g, g.input(0), d));
    }

    /**
     * x broadcast to {@code size} (1-D int64; -1 keeps x's dim). Expand from opset 8, where a 1 keeps the
     * dim as -1 does; opset 7 tiles the dims of size 1 of x.
     */
    static Value expand(SymbolicContext g, Value x, Type xt, Value size, long[] constSize, int outRank) {
        if (constSize != null) {
            long[] s = constSize.clone();
            for (int k = 0; k < s.length; k++) if (s[k] == -1) s[k] = 1;
            size = g.constantLongs(s);
        } else {
            size = g.op("Abs", cast(g, size, DType.INT64)).output();
        }
        if (g.opset() >= 8) return g.op("Expand", x, size).output();
        Value xu = ShapeForms.prependOnes(g, x, outRank - xt.rank());
        if (constSize != null && ShapeForms.isStatic(xt)) {
            long[] xs = xt.shape();
            long[] rep = new long[outRank];
            for (int k = 0; k < outRank; k++) {
                long have = k < outRank - xs.length ? 1 : xs[k - (outRank - xs.length)];
                rep[k] = constSize[k] == -1 || have != 1 ? 1 : constSize[k];
            }
            return g.op("Tile", xu, g.constantLongs(rep)).output();
        }
        // a dim of 1 repeats to the wanted size, any other dim stays: (want - 1) * (have == 1) + 1
        Value have = g.op("Shape", xu).output();
        Value one = g.constantLongs(1);
        Value isOne = cast(g, g.op("Equal", have, one).output(), DType.INT64);
        Value rep = g.op("Add", g.op("Mul", g.op("Sub", size, one).output(), isOne).output(), one).output();
        return g.op("Tile", xu, rep).output();
    }

    private static Value[] cat(SymbolicContext g) {
        DType d = outDtype(g, 0);
        int rank = g.node().outputs().get(0).type().rank();
        long axis = normDim(longArg(g, 1), rank);
        Value[] in = g.listInput(0);
        List<Value> parts = new ArrayList<>();
        for (Value v : in) {
            Type t = g.type(v);
            // PyTorch skips legacy empty 1-D tensors in cat
            if (rank != 1 && t != null && t.hasShape() && t.rank() == 1 && t.shape()[0] == 0 && t.symbol(0) == null) continue;
            parts.add(cast(g, v, d));
        }
        return one(concat(g, axis, parts.toArray(new Value[0])));
    }

    private static Value[] stack(SymbolicContext g) {
        DType d = outDtype(g, 0);
        int rank = g.node().outputs().get(0).type().rank();
        long axis = normDim(longArg(g, 1), rank);
        Value[] in = g.listInput(0);
        Value[] parts = new Value[in.length];
        for (int k = 0; k < in.length; k++) parts[k] = OnnxOps.unsqueeze(g, cast(g, in[k], d), axis);
        return one(concat(g, axis, parts));
    }

    /**
     * split/split_with_sizes/chunk: the part sizes are the traced outputs' sizes along the dim. With a dynamic
     * dim and {@code equalParts}, parts are slices of the traced part size with the last one open-ended.
     */
    private static Value[] splitLike(SymbolicContext g, long dim, boolean equalParts) {
        Type t = inType(g, 0);
        int axis = (int) normDim(dim, t.rank());
        int n = g.node().outputs().size();
        long[] sizes = new long[n];
        for (int k = 0; k < n; k++) sizes[k] = g.node().outputs().get(k).type().shape()[axis];
        Value x = g.input(0);
        if (!equalParts || t.symbol(axis) == null) return ShapeForms.split(g, x, axis, sizes);
        Value[] out = new Value[n];
        for (int k = 0; k < n; k++) {
            long start = k * sizes[0];
            out[k] = ShapeForms.slice(g, x, axis, start, k == n - 1 ? ShapeForms.END : start + sizes[0]);
        }
        return out;
    }

        /** meshgrid of 1-D tensors: each reshaped to size 1 except along its own dim, then expanded to the grid. */
    private static Value[] meshgrid(SymbolicContext g, String indexing) {
        Value[] in = g.listInput(0);
        int n = in.length;
        boolean xy = "xy".equals(indexing) && n >= 2;
        Value[] sizes = new Value[n];
        for (int k = 0; k < n; k++) sizes[k] = g.op("Reshape", g.op("Shape", in[k]).output(), g.constantLongs(-1)).output();
        if (xy) { Value s0 = sizes[0]; sizes[0] = sizes[1]; sizes[1] = s0; }
        Value grid = n == 1 ? sizes[0] : g.op("Concat", sizes).attr("axis", 0L).output();
        Value[] out = new Value[n];
        for (int k = 0; k < n; k++) {
            int pos = xy && k < 2 ? 1 - k : k;
            long[] view = new long[n];
            java.util.Arrays.fill(view, 1);
            view[pos] = -1;
            Value v = g.op("Reshape", in[k], g.constantLongs(view)).output();
            out[k] = expand(g, v, g.type(v), grid, null, n);
        }
        return out;
    }

    /** Each part is a Gather with a 0-d index, which drops the dim. */
    private static Value[] unbind(SymbolicContext g) {
        long axis = normDim(longArg(g, 1), inRank(g, 0));
        int n = g.node().outputs().size();
        Value[] out = new Value[n];
        for (int k = 0; k < n; k++) {
            out[k] = g.op("Gather", g.input(0), g.constant(Tensor.scalar((long) k))).attr("axis", axis).output();
        }
        return out;
    }

    /**
     * [.., C*r*r, H, W] -> [.., C, H*r, W*r]: DepthToSpace (CRD) for 4-D from opset 11, else
     * reshape to [.., C, r, r, H, W], transpose to [.., C, H, r, W, r], reshape.
     */
    private static Value[] pixelShuffle(SymbolicContext g) {
        long r = longArg(g, 1);
        Type t = inType(g, 0);
        int rank = t.rank();
        Value x = g.input(0);
        if (rank == 4 && g.opset() >= 11) {
            return one(g.op("DepthToSpace", x).attr("blocksize", r).attr("mode", "CRD").output());
        }
        int b = rank - 3;
        long[] head = new long[b + 3];
        head[b] = -1;
        head[b + 1] = r;
        head[b + 2] = r;
        Value s1 = concat(g, 0, g.constantLongs(head), dims(g, x, t, rank - 2, rank));
        Value y = reshape(g, x, s1);
        long[] perm = new long[b + 5];
        for (int k = 0; k < b; k++) perm[k] = k;
        long[] tail = {b, b + 3, b + 1, b + 4, b + 2};
        System.arraycopy(tail, 0, perm, b, 5);
        y = transpose(g, y, perm);
        if (ShapeForms.isStatic(t)) return one(reshape(g, y, g.constantLongs(g.node().outputs().get(0).type().shape())));
        long[] lead = new long[b + 2];
        lead[b + 1] = -1;
        Value w = OnnxOps.mul(g, dims(g, x, t, rank - 1, rank), g.constantLongs(r));
        return one(reshape(g, y, concat(g, 0, g.constantLongs(lead), w)));
    }

    /** Each element repeated along the dim: unsqueeze after it, tile there, merge the two dims. */
    private static Value[] repeatInterleave(SymbolicContext g) {
        long r = longArg(g, 1);
        Value x = g.input(0);
        Type t = inType(g, 0);
        if (g.isNone(2)) {
            x = reshape(g, x, g.constantLongs(-1));
            long n = 1;
            for (long d : t.shape()) n *= d;
            t = ShapeForms.isStatic(t) ? Type.tensor(t.dtype(), new long[] {n}) : Type.tensor(t.dtype(), new long[] {n}).withSymbol(0, Type.UNKNOWN_DIM);
        }
        int rank = t.rank();
        int d = g.isNone(2) ? 0 : (int) normDim(longArg(g, 2), rank);
        Value u = OnnxOps.unsqueeze(g, x, d + 1);
        long[] rep = new long[rank + 1];
        Arrays.fill(rep, 1);
        rep[d + 1] = r;
        Value tiled = g.op("Tile", u, g.constantLongs(rep)).output();
        long[] us = new long[rank + 1];
        String[] syms = new String[rank + 1];
        for (int k = 0; k <= rank; k++) {
            int src = k <= d ? k : k - 1;
            us[k] = k == d + 1 ? r : t.shape()[src];
            syms[k] = k == d + 1 ? null : t.symbol(src);
        }
        Type ut = Type.tensor(t.dtype(), us);
        for (int k = 0; k <= rank; k++) if (syms[k] != null) ut = ut.withSymbol(k, syms[k]);
        return one(mergeDims(g, tiled, ut, d, d + 1));
    }
}
