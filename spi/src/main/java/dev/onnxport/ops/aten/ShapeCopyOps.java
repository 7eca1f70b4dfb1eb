package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aten ops that rearrange elements into a new tensor: cat, stack, repeat, repeat_interleave,
 * pixel_shuffle. Each is written once with a {@code meta} flag: the shape rule runs the same
 * checks and returns a meta tensor instead of copying.
 */
final class ShapeCopyOps {
    private ShapeCopyOps() {}

    /** An op computed by one function that either copies data or only describes the result. */
    interface Copying {
        Tensor apply(Args a, boolean meta);
    }

    static void registerCopying(OpRegistry r, String schema, Copying f) {
        r.register(schema, Kernel.single(a -> f.apply(a, false)), ShapeRule.single(a -> f.apply(a, true)));
    }

    static void register(OpRegistry r) {
        registerCopying(r, "aten::cat(Tensor[] tensors, int dim=0) -> Tensor",
                (a, meta) -> cat("aten::cat", a.tensors(0), a.integer(1), meta));
        registerCopying(r, "aten::stack(Tensor[] tensors, int dim=0) -> Tensor",
                (a, meta) -> stack(a.tensors(0), a.integer(1), meta));
        registerCopying(r, "aten::repeat(Tensor self, SymInt[] repeats) -> Tensor",
                (a, meta) -> repeat(a.tensor(0), a.ints(1), meta));
        registerCopying(r, "aten::repeat_interleave.self_int(Tensor self, int repeats, int? dim=None, *, int? output_size=None) -> Tensor",
                (a, meta) -> repeatInterleave(a.tensor(0), a.integer(1), a.optInteger(2), a.optInteger(3), meta));
        registerCopying(r, "aten::pixel_shuffle(Tensor self, int upscale_factor) -> Tensor",
                (a, meta) -> pixelShuffle(a.tensor(0), a.integer(1), meta));
    }

    /** Concatenation along {@code dim}; 1-d empty tensors are skipped as PyTorch 1.13 does. */
    static Tensor cat(String op, Tensor[] ts, long dim, boolean meta) {
        if (ts.length == 0) throw new IllegalArgumentException(op + ": expected a non-empty list of Tensors");
        DType dtype = TypePromotion.resultType((Object[]) ts);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == null) throw new IllegalArgumentException(op + ": tensor number " + i + " in the list is None");
            if (ts[i].dim() == 0) {
                throw new IllegalArgumentException(op + ": zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            }
            if (ts[i].dim() != 1 || ts[i].numel() != 0) parts.add(ts[i]);
        }
        if (parts.isEmpty()) return meta ? Tensor.meta(dtype, 0) : Tensor.zeros(dtype, 0);
        long[] shape = parts.get(0).shape();
        int d = Shapes.normDim(dim, shape.length);
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            long[] s = parts.get(i).shape();
            if (s.length != shape.length) {
                throw new IllegalArgumentException(op + ": tensors must have same number of dimensions: got " + shape.length
                        + " and " + s.length);
            }
            for (int k = 0; k < s.length; k++) {
                if (k != d && s[k] != shape[k]) {
                    throw new IllegalArgumentException(op + ": sizes of tensors must match except in dimension " + d + ". Expected size "
                            + shape[k] + " but got size " + s[k] + " for tensor number " + Arrays.asList(ts).indexOf(parts.get(i))
                            + " in the list.");
                }
            }
            total += s[d];
        }
        shape[d] = total;
        if (meta) return Tensor.meta(dtype, shape);
        Tensor out = Tensor.zeros(dtype, shape);
        long pos = 0;
        for (Tensor p : parts) {
            long len = p.size(d);
            ShapeData.copyInto(ShapeViews.narrow(op, out, d, pos, len), p);
            pos += len;
        }
        return out;
    }

    static Tensor stack(Tensor[] ts, long dim, boolean meta) {
        if (ts.length == 0) throw new IllegalArgumentException("aten::stack: stack expects a non-empty TensorList");
        long[] first = ts[0].shape();
        int d = Shapes.normDim(dim, first.length + 1);
        Tensor[] parts = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape(), first)) {
                throw new IllegalArgumentException("aten::stack: stack expects each tensor to be equal size, but got "
                        + Arrays.toString(first) + " at entry 0 and " + Arrays.toString(ts[i].shape()) + " at entry " + i);
            }
            parts[i] = ShapeViews.unsqueeze(ts[i], d);
        }
        return cat("aten::stack", parts, d, meta);
    }

    /** Tiles {@code t}: output dim i is {@code repeats[i]} copies of (left-padded) input dim i. */
    static Tensor repeat(Tensor t, long[] repeats, boolean meta) {
        int n = repeats.length, pad = n - t.dim();
        if (pad < 0) {
            throw new IllegalArgumentException("aten::repeat: number of dimensions of repeat dims (" + n
                    + ") can not be smaller than number of dimensions of tensor (" + t.dim() + ")");
        }
        long[] shape = t.shape(), strides = t.strides();
        long[] tiled = new long[2 * n], tiledStrides = new long[2 * n], out = new long[n];
        for (int i = 0; i < n; i++) {
            if (repeats[i] < 0) {
                throw new IllegalArgumentException("aten::repeat: repeats must be non-negative, got " + Arrays.toString(repeats));
            }
            long s = i < pad ? 1 : shape[i - pad];
            tiled[2 * i] = repeats[i];
            tiled[2 * i + 1] = s;
            tiledStrides[2 * i + 1] = i < pad ? 0 : strides[i - pad];
            out[i] = repeats[i] * s;
        }
        if (meta) return Tensor.meta(t.dtype(), out);
        return asShape(t.asStrided(tiled, tiledStrides, t.offset()).copy(), out);
    }

    /** Repeats each element {@code repeats} times along {@code dim} (of the flattened input when dim is None). */
    static Tensor repeatInterleave(Tensor t, long repeats, Long dim, Long outputSize, boolean meta) {
        String op = "aten::repeat_interleave";
        if (repeats < 0) throw new IllegalArgumentException(op + ": repeats can not be negative, got " + repeats);
        Tensor in = dim == null || t.dim() == 0 ? ShapeViews.reshape(op, t, new long[] {-1}) : t;
        int d = dim == null ? 0 : Shapes.normDim(dim, in.dim());
        long[] shape = in.shape(), strides = in.strides();
        long[] out = shape.clone();
        out[d] = shape[d] * repeats;
        if (outputSize != null && outputSize != out[d]) {
            throw new IllegalArgumentException(op + ": output_size " + outputSize + " does not match the required size " + out[d]);
        }
        if (meta) return Tensor.meta(t.dtype(), out);
        Tensor spread = in.asStrided(ShapeViews.insert(shape, d + 1, repeats), ShapeViews.insert(strides, d + 1, 0), in.offset());
        return asShape(spread.copy(), out);
    }

    /** (*, C r^2, H, W) to (*, C, H r, W r): channel c r^2 + i r + j goes to row offset i, column offset j. */
    static Tensor pixelShuffle(Tensor t, long r, boolean meta) {
        String op = "aten::pixel_shuffle";
        int n = t.dim();
        if (n < 3) throw new IllegalArgumentException(op + ": pixel_shuffle expects input to have at least 3 dimensions, but got input with " + n + " dimension(s)");
        if (r <= 0) throw new IllegalArgumentException(op + ": pixel_shuffle expects a positive upscale_factor, but got " + r);
        long[] shape = t.shape(), strides = t.strides();
        long c = shape[n - 3], h = shape[n - 2], w = shape[n - 1];
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException(op + ": pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
                    + "of upscale_factor, but input.size(-3)=" + c + " is not divisible by " + (r * r));
        }
        long[] out = shape.clone();
        out[n - 3] = c / (r * r);
        out[n - 2] = h * r;
        out[n - 1] = w * r;
        if (meta) return Tensor.meta(t.dtype(), out);
        // view as (*, C, H, r, W, r) reading channel (c, i, j) at stride (r^2 sC, r sC, sC)
        int b = n - 3;
        long sc = strides[n - 3];
        long[] vs = new long[b + 5], vst = new long[b + 5];
        System.arraycopy(shape, 0, vs, 0, b);
        System.arraycopy(strides, 0, vst, 0, b);
        long[] tailShape = {out[n - 3], h, r, w, r};
        long[] tailStrides = {r * r * sc, strides[n - 2], r * sc, strides[n - 1], sc};
        System.arraycopy(tailShape, 0, vs, b, 5);
        System.arraycopy(tailStrides, 0, vst, b, 5);
        return asShape(t.asStrided(vs, vst, t.offset()).copy(), out);
    }

    /** A contiguous tensor's data under another shape of the same size. */
    static Tensor asShape(Tensor contiguous, long[] shape) {
        return contiguous.asStrided(shape, Shapes.contiguousStrides(shape), contiguous.offset());
    }
}
