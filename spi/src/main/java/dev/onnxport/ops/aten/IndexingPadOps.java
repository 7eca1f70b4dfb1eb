package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/** Aten ops: padding: constant_pad_nd, reflection_pad2d, replication_pad2d. */
final class IndexingPadOps {
    private IndexingPadOps() {}

    static void register(OpRegistry r) {
        ShapeCopyOps.registerCopying(r, "aten::constant_pad_nd(Tensor self, int[] pad, Scalar value=0) -> Tensor",
                (a, meta) -> constantPad(a.tensor(0), a.ints(1), a.scalar(2), meta));
        ShapeCopyOps.registerCopying(r, "aten::reflection_pad2d(Tensor self, int[4] padding) -> Tensor",
                (a, meta) -> pad2d("aten::reflection_pad2d", a.tensor(0), a.ints(1), true, meta));
        ShapeCopyOps.registerCopying(r, "aten::replication_pad2d(Tensor self, int[4] padding) -> Tensor",
                (a, meta) -> pad2d("aten::replication_pad2d", a.tensor(0), a.ints(1), false, meta));
    }

    /** Pads (or, with negative amounts, crops) the last {@code pad.length / 2} dims, last dim first. */
    static Tensor constantPad(Tensor t, long[] pad, Object value, boolean meta) {
        String op = "aten::constant_pad_nd";
        int n = t.dim();
        if (pad.length % 2 != 0) throw new IllegalArgumentException(op + ": length of pad must be even but instead it equals " + pad.length);
        if (pad.length / 2 > n) {
            throw new IllegalArgumentException(op + ": length of pad should be no more than twice the number of dimensions of the input. "
                    + "Pad length is " + pad.length + " while the input has " + n + " dimensions.");
        }
        long[] shape = t.shape(), out = shape.clone();
        for (int i = 0; i < pad.length / 2; i++) {
            int d = n - 1 - i;
            out[d] = shape[d] + pad[2 * i] + pad[2 * i + 1];
            if (out[d] <= 0) {
                throw new IllegalArgumentException(op + ": the input size " + shape[d] + ", plus negative padding " + pad[2 * i] + " and "
                        + pad[2 * i + 1] + " resulted in a negative output size, which is invalid. Check dimension " + d + " of your input.");
            }
        }
        if (meta) return Tensor.meta(t.dtype(), out);
        Tensor result = ShapeData.filled(t.dtype(), out, value);
        Tensor src = t, dst = result;
        for (int i = 0; i < pad.length / 2; i++) {
            int d = n - 1 - i;
            long before = pad[2 * i], after = pad[2 * i + 1];
            long kept = shape[d] - Math.max(-before, 0) - Math.max(-after, 0);
            if (kept <= 0) return result;
            src = ShapeViews.narrow(op, src, d, Math.max(-before, 0), kept);
            dst = ShapeViews.narrow(op, dst, d, Math.max(before, 0), kept);
        }
        ShapeData.copyInto(dst, src);
        return result;
    }

    /** Pads the last two dims of a 3-d or 4-d tensor by (left, right, top, bottom), reflecting or replicating the border. */
    static Tensor pad2d(String op, Tensor t, long[] p, boolean reflect, boolean meta) {
        int n = t.dim();
        if (n != 3 && n != 4) {
            throw new IllegalArgumentException(op + ": 3D or 4D (batch mode) tensor expected for input, but got: " + t);
        }
        long h = t.size(-2), w = t.size(-1);
        long left = p[0], right = p[1], top = p[2], bottom = p[3];
        if (reflect && (left >= w || right >= w)) {
            throw new IllegalArgumentException(op + ": padding size should be less than the corresponding input dimension, but got: "
                    + "padding (" + left + ", " + right + ") at dimension " + (n - 1) + " of input " + Arrays.toString(t.shape()));
        }
        if (reflect && (top >= h || bottom >= h)) {
            throw new IllegalArgumentException(op + ": padding size should be less than the corresponding input dimension, but got: "
                    + "padding (" + top + ", " + bottom + ") at dimension " + (n - 2) + " of input " + Arrays.toString(t.shape()));
        }
        long oh = h + top + bottom, ow = w + left + right;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input (H: " + h + ", W: " + w + ") is too small. Calculated output H: " + oh + " W: " + ow);
        }
        long[] out = t.shape();
        out[n - 2] = oh;
        out[n - 1] = ow;
        if (meta) return Tensor.meta(t.dtype(), out);
        LongBinaryOperator source = reflect
                ? (i, size) -> i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i
                : (i, size) -> Math.min(Math.max(i, 0), size - 1);
        long[] rows = new long[(int) oh], cols = new long[(int) ow];
        for (int i = 0; i < oh; i++) rows[i] = source.applyAsLong(i - top, h) * t.stride(-2);
        for (int j = 0; j < ow; j++) cols[j] = source.applyAsLong(j - left, w) * t.stride(-1);
        long[] lead = Arrays.copyOf(t.shape(), n - 2), leadStrides = Arrays.copyOf(t.strides(), n - 2);
        Tensor result = Tensor.zeros(t.dtype(), out);
        Storage from = t.storage(), to = result.storage();
        boolean fp = t.dtype().isFloatingPoint();
        long[] k = {0};
        t.asStrided(lead, leadStrides, t.offset()).forEachOffset(plane -> {
            for (long r : rows) for (long c : cols) IndexingOps.move(from, plane + r + c, to, k[0]++, fp);
        });
        return result;
    }
}
