package dev.onnxport.kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowering of N-d convolution windows to matrix columns. The geometry is captured once as an
 * index map shared by every channel, batch item and dtype: {@code map[r * cols + q]} is the
 * row-major position inside one input channel plane read by kernel tap {@code r} at output
 * position {@code q}, or -1 where the window hangs over the zero padding.
 */
public final class Im2col {
    private Im2col() {}

    /** Output size of a convolution along one dimension (may be 0 or negative for too-small inputs). */
    public static long outSize(long in, long k, long stride, long pad, long dil) {
        return Math.floorDiv(in + 2 * pad - dil * (k - 1) - 1, stride) + 1;
    }

    /** Maps of recent geometries: a model calls the same few convolutions on every forward. */
    private static final int CACHED_MAPS = 32;
    private static final Map<List<Long>, int[]> MAPS = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Long>, int[]> e) { return size() > CACHED_MAPS; }
    };

    /**
     * The index map for input sizes {@code in}, kernel {@code k}, stride, padding, dilation and output
     * sizes {@code out} (all of the same rank); rows = prod(k), cols = prod(out). The array is shared between calls
     * with the same geometry (a small cache: building it costs as much as a small convolution): never write to it.
     */
    public static int[] map(long[] in, long[] k, long[] stride, long[] pad, long[] dil, long[] out) {
        List<Long> key = new ArrayList<>(6 * in.length);
        for (long[] a : new long[][] {in, k, stride, pad, dil, out}) for (long v : a) key.add(v);
        synchronized (MAPS) {
            int[] m = MAPS.get(key);
            if (m != null) return m;
        }
        int[] m = build(in, k, stride, pad, dil, out);
        synchronized (MAPS) {
            MAPS.put(key, m);
        }
        return m;
    }

    /** The map, one output row (last dimension) at a time from per-dimension coordinate tables: no division per entry. */
    private static int[] build(long[] in, long[] k, long[] stride, long[] pad, long[] dil, long[] out) {
        int nd = in.length;
        int taps = (int) prod(k), cols = (int) prod(out);
        int[] map = new int[Math.multiplyExact(taps, cols)];
        // coord[d][t * out[d] + o]: the input coordinate along d read by tap t at output o, or -1 in the padding
        int[][] coord = new int[nd][];
        long[] inStride = new long[nd];
        for (int d = nd - 1; d >= 0; d--) {
            inStride[d] = d == nd - 1 ? 1 : inStride[d + 1] * in[d + 1];
            int o = (int) out[d];
            coord[d] = new int[(int) k[d] * o];
            for (int t = 0; t < k[d]; t++) {
                for (int j = 0; j < o; j++) {
                    long x = j * stride[d] - pad[d] + t * dil[d];
                    coord[d][t * o + j] = x < 0 || x >= in[d] ? -1 : (int) x;
                }
            }
        }
        int last = nd - 1, inner = (int) out[last], rows = cols / inner;
        int[] tap = new int[nd], pos = new int[nd];
        for (int r = 0; r < taps; r++) {
            unravel(r, k, tap);
            java.util.Arrays.fill(pos, 0);
            int lastBase = tap[last] * inner;
            for (int row = 0, q = r * cols; row < rows; row++, q += inner) {
                long base = 0;
                boolean valid = true;
                for (int d = 0; d < last; d++) {
                    int x = coord[d][tap[d] * (int) out[d] + pos[d]];
                    if (x < 0) valid = false;
                    base += x * inStride[d];
                }
                if (valid) {
                    for (int j = 0; j < inner; j++) {
                        int x = coord[last][lastBase + j];
                        map[q + j] = x < 0 ? -1 : (int) base + x;
                    }
                } else {
                    java.util.Arrays.fill(map, q, q + inner, -1);
                }
                // next output row: odometer over the leading dimensions
                for (int d = last - 1; d >= 0 && ++pos[d] == out[d]; d--) pos[d] = 0;
            }
        }
        return map;
    }

    /** {@code col[(c*taps + r)*cols + q] = x[base + c*plane + map[r*cols + q]]} (0 for padding), c < channels. */
    public static void gather(float[] x, int base, int plane, int channels, int[] map, int taps, int cols, float[] col) {
        int rows = taps * cols;
        for (int c = 0; c < channels; c++) {
            int src = base + c * plane, dst = c * rows;
            for (int i = 0; i < rows; i++) {
                int m = map[i];
                col[dst + i] = m < 0 ? 0f : x[src + m];
            }
        }
    }

    /**
     * One block of the column matrix that {@link #gather(float[], int, int, int, int[], int, int, float[])} would
     * write, straight into a GEMM's packed layout ({@link Sgemm.Packer}): column-matrix element {@code (kb + p, jb + j)}
     * for {@code p < kc, j < nc} goes to {@code dst[(j / nr) * kc * nr + p * nr + j % nr]}, the last micro-panel
     * zero-padded to {@code nr} columns; column-matrix row {@code c * taps + r} is channel {@code c}, kernel tap
     * {@code r}. With it a convolution never materializes its whole column matrix.
     */
    public static void gatherPanel(float[] x, int base, int plane, int[] map, int taps, int cols,
                                   int kb, int kc, int jb, int nc, float[] dst, int nr) {
        int panel = kc * nr;
        for (int p = 0; p < kc; p++) {
            int row = kb + p, c = row / taps, r = row - c * taps;
            int src = base + c * plane, m0 = r * cols + jb;
            for (int j0 = 0, q = p * nr; j0 < nc; j0 += nr, q += panel) {
                int w = Math.min(nr, nc - j0), mj = m0 + j0;
                for (int j = 0; j < w; j++) {
                    int m = map[mj + j];
                    dst[q + j] = m < 0 ? 0f : x[src + m];
                }
                if (w < nr) java.util.Arrays.fill(dst, q + w, q + nr, 0f);
            }
        }
    }

    /** The double version of {@link #gather(float[], int, int, int, int[], int, int, float[])}. */
    public static void gather(double[] x, int base, int plane, int channels, int[] map, int taps, int cols, double[] col) {
        int rows = taps * cols;
        for (int c = 0; c < channels; c++) {
            int src = base + c * plane, dst = c * rows;
            for (int i = 0; i < rows; i++) {
                int m = map[i];
                col[dst + i] = m < 0 ? 0.0 : x[src + m];
            }
        }
    }

    /** The adjoint of gather: {@code y[base + c*plane + map[i]] += col[c*taps*cols + i]} (col2im). */
    public static void scatterAdd(float[] col, int channels, int[] map, int taps, int cols, float[] y, int base, int plane) {
        int rows = taps * cols;
        for (int c = 0; c < channels; c++) {
            int src = c * rows, dst = base + c * plane;
            for (int i = 0; i < rows; i++) {
                int m = map[i];
                if (m >= 0) y[dst + m] += col[src + i];
            }
        }
    }

    /** The double version of {@link #scatterAdd(float[], int, int[], int, int, float[], int, int)}. */
    public static void scatterAdd(double[] col, int channels, int[] map, int taps, int cols, double[] y, int base, int plane) {
        int rows = taps * cols;
        for (int c = 0; c < channels; c++) {
            int src = c * rows, dst = base + c * plane;
            for (int i = 0; i < rows; i++) {
                int m = map[i];
                if (m >= 0) y[dst + m] += col[src + i];
            }
        }
    }

    public static long prod(long[] a) {
        long p = 1;
        for (long v : a) p = Math.multiplyExact(p, v);
        return p;
    }

    private static void unravel(int linear, long[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (linear % shape[d]);
            linear /= (int) shape[d];
        }
    }
}
