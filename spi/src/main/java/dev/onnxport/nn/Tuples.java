package dev.onnxport.nn;

import java.util.Arrays;

/** PyTorch's {@code _single/_pair/_triple}: an int repeated n times, or a list checked to have n entries. */
final class Tuples {
    private Tuples() {}

    static long[] rep(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    static long[] check(String layer, String arg, int n, long[] v) {
        if (v.length == 1) return rep(n, v[0]);
        if (v.length != n) {
            throw new IllegalArgumentException(layer + ": " + arg + " needs 1 or " + n + " values, got " + Arrays.toString(v));
        }
        return v.clone();
    }

    static long product(long[] v) {
        long p = 1;
        for (long x : v) p *= x;
        return p;
    }
}
