package dev.onnxport.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link Im2col#map} against the definition, for 1-D to 3-D windows with padding, stride and dilation. */
class Im2colMapTest {

    @Test
    void matchesTheDefinition() {
        check(new long[] {11}, new long[] {3}, new long[] {2}, new long[] {1}, new long[] {2});
        check(new long[] {9, 7}, new long[] {3, 2}, new long[] {1, 2}, new long[] {2, 0}, new long[] {1, 3});
        check(new long[] {224, 224}, new long[] {7, 7}, new long[] {2, 2}, new long[] {3, 3}, new long[] {1, 1});
        check(new long[] {5, 6, 4}, new long[] {2, 3, 3}, new long[] {1, 2, 1}, new long[] {1, 1, 2}, new long[] {2, 1, 1});
    }

    @Test
    void aGeometryIsBuiltOnce() {
        long[] in = {13, 12}, k = {3, 3}, s = {1, 1}, p = {1, 1}, d = {1, 1}, out = outSizes(in, k, s, p, d);
        assertSame(Im2col.map(in, k, s, p, d, out), Im2col.map(in.clone(), k.clone(), s.clone(), p.clone(), d.clone(), out.clone()));
    }

    private static long[] outSizes(long[] in, long[] k, long[] s, long[] p, long[] d) {
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) out[i] = Im2col.outSize(in[i], k[i], s[i], p[i], d[i]);
        return out;
    }

    private static void check(long[] in, long[] k, long[] s, long[] p, long[] d) {
        long[] out = outSizes(in, k, s, p, d);
        int nd = in.length, taps = (int) Im2col.prod(k), cols = (int) Im2col.prod(out);
        int[] want = new int[taps * cols];
        int[] tap = new int[nd], pos = new int[nd];
        for (int r = 0; r < taps; r++) {
            for (int q = 0; q < cols; q++) {
                int rr = r, qq = q;
                for (int i = nd - 1; i >= 0; i--) {
                    tap[i] = (int) (rr % k[i]);
                    rr /= (int) k[i];
                    pos[i] = (int) (qq % out[i]);
                    qq /= (int) out[i];
                }
                int idx = 0;
                for (int i = 0; i < nd; i++) {
                    long x = pos[i] * s[i] - p[i] + tap[i] * d[i];
                    if (x < 0 || x >= in[i]) { idx = -1; break; }
                    idx = (int) (idx * in[i] + x);
                }
                want[r * cols + q] = idx;
            }
        }
        assertArrayEquals(want, Im2col.map(in, k, s, p, d, out));
    }
}
