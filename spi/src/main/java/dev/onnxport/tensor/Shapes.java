package dev.onnxport.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by kernels and shape rules: dims, broadcasting, strides. */
public final class Shapes {
    private Shapes() {}

    public static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        return n;
    }

    public static void checkShape(long[] shape) {
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
        }
        try {
            numel(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more elements than a long can count");
        }
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** Wraps a possibly negative dim into [0, rank); a 0-d tensor accepts dims -1 and 0 as PyTorch does. */
    public static int normDim(long d, int rank) {
        int r = Math.max(rank, 1);
        if (d < -r || d >= r) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-r) + ", "
                    + (r - 1) + "], but got " + d + ")");
        }
        return (int) (d < 0 ? d + r : d);
    }

    /** PyTorch/NumPy broadcast of two shapes. */
    public static long[] broadcast(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = i < n - a.length ? 1 : a[i - (n - a.length)];
            long y = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dim " + i + ": " + x + " vs " + y + ")");
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    public static long[] broadcast(long[]... shapes) {
        long[] out = new long[0];
        for (long[] s : shapes) out = broadcast(out, s);
        return out;
    }

    /** A view of {@code t} expanded to {@code target} with zero strides on broadcast dims (no copy). */
    public static Tensor broadcastTo(Tensor t, long[] target) {
        long[] shape = t.shape();
        long[] strides = t.strides();
        int off = target.length - shape.length;
        if (off < 0) throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(shape) + " to " + Arrays.toString(target));
        long[] st = new long[target.length];
        for (int i = 0; i < target.length; i++) {
            if (i < off) { st[i] = 0; continue; }
            long s = shape[i - off];
            if (s == target[i]) st[i] = strides[i - off];
            else if (s == 1) st[i] = 0;
            else throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(shape) + " to " + Arrays.toString(target));
        }
        return t.asStrided(target, st, t.offset());
    }

    /**
     * {@code aten::movedim}'s permutation, for the eager kernel and the ONNX lowering alike: it moves dims {@code src}
     * to {@code dst}, the others keeping their order.
     */
    public static long[] movedimPermutation(int rank, long[] src, long[] dst) {
        if (src.length != dst.length) {
            throw new IllegalArgumentException("aten::movedim: Invalid source or destination dims: source " + Arrays.toString(src)
                    + " and destination " + Arrays.toString(dst) + " must have the same number of dims");
        }
        long[] perm = new long[rank];
        Arrays.fill(perm, -1);
        boolean[] used = new boolean[rank];
        for (int i = 0; i < src.length; i++) {
            int s = normDim(src[i], rank), d = normDim(dst[i], rank);
            perm[d] = s;
            used[s] = true;
        }
        int next = 0;
        for (int k = 0; k < rank; k++) {
            if (perm[k] >= 0) continue;
            while (used[next]) next++;
            perm[k] = next++;
        }
        return perm;
    }
}
