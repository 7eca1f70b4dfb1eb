package dev.onnxport.ops.aten;

import dev.onnxport.kernels.FloatKernels;
import dev.onnxport.kernels.Parallel;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Generic elementwise maps with broadcasting. Operands are first cast to the computation dtype (as
 * PyTorch does), then computed in double when it is floating and in long otherwise, and stored as the
 * output dtype. float32 computations read and write float[] directly; the hottest arithmetic has its
 * own loops ({@link #arithF32}) so that no call happens per element.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    @FunctionalInterface
    interface DoubleTernaryOperator { double apply(double a, double b, double c); }

    @FunctionalInterface
    interface LongTernaryOperator { long apply(long a, long b, long c); }

    /** The four arithmetic ops with float32 loops of their own. */
    enum Arith { ADD, SUB, MUL, DIV }

    /** The broadcast shape of the operands; the error names the op. */
    static long[] broadcastShape(String op, Tensor... ts) {
        long[] out = new long[0];
        for (Tensor t : ts) {
            try {
                out = Shapes.broadcast(out, t.shape());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Tensor unary(String op, Tensor x, DType compute, DType out, DoubleUnaryOperator fd, LongUnaryOperator fl) {
        long[] shape = x.shape();
        if (compute.isFloatingPoint()) {
            if (compute == DType.FLOAT32 && out == DType.FLOAT32) {
                float[] a = x.floats();
                float[] o = new float[a.length];
                for (int i = 0; i < a.length; i++) o[i] = (float) fd.applyAsDouble(a[i]);
                return Tensor.of(o, shape);
            }
            double[] a = ElementwiseLoops.doubles(x, compute);
            for (int i = 0; i < a.length; i++) a[i] = fd.applyAsDouble(a[i]);
            return ElementwiseLoops.fromDoubles(a, out, shape);
        }
        if (fl == null) throw unsupported(op, x.dtype());
        long[] a = ElementwiseLoops.longs(x, compute);
        for (int i = 0; i < a.length; i++) a[i] = fl.applyAsLong(a[i]);
        return ElementwiseLoops.fromLongs(a, out, shape);
    }

    static Tensor binary(String op, Tensor a, Tensor b, DType compute, DType out,
                         DoubleBinaryOperator fd, LongBinaryOperator fl) {
        ElementwiseLoops it = new ElementwiseLoops(broadcastShape(op, a, b), a.shape(), b.shape());
        int sa = it.stride[0], sb = it.stride[1];
        if (compute.isFloatingPoint()) {
            if (compute == DType.FLOAT32 && out == DType.FLOAT32) {
                float[] x = a.floats(), y = b.floats();
                float[] o = new float[it.numel];
                it.forEachRow((oo, len, off) -> {
                    int ia = off[0], ib = off[1];
                    for (int i = 0; i < len; i++) o[oo + i] = (float) fd.applyAsDouble(x[ia + i * sa], y[ib + i * sb]);
                });
                return Tensor.of(o, it.shape);
            }
            double[] x = ElementwiseLoops.doubles(a, compute), y = ElementwiseLoops.doubles(b, compute);
            double[] o = new double[it.numel];
            it.forEachRow((oo, len, off) -> {
                int ia = off[0], ib = off[1];
                for (int i = 0; i < len; i++) o[oo + i] = fd.applyAsDouble(x[ia + i * sa], y[ib + i * sb]);
            });
            return ElementwiseLoops.fromDoubles(o, out, it.shape);
        }
        if (fl == null) throw unsupported(op, compute);
        long[] x = ElementwiseLoops.longs(a, compute), y = ElementwiseLoops.longs(b, compute);
        long[] o = new long[it.numel];
        it.forEachRow((oo, len, off) -> {
            int ia = off[0], ib = off[1];
            for (int i = 0; i < len; i++) o[oo + i] = fl.applyAsLong(x[ia + i * sa], y[ib + i * sb]);
        });
        return ElementwiseLoops.fromLongs(o, out, it.shape);
    }

    static Tensor ternary(String op, Tensor a, Tensor b, Tensor c, DType compute, DType out,
                          DoubleTernaryOperator fd, LongTernaryOperator fl) {
        ElementwiseLoops it = new ElementwiseLoops(broadcastShape(op, a, b, c), a.shape(), b.shape(), c.shape());
        int sa = it.stride[0], sb = it.stride[1], sc = it.stride[2];
        if (compute.isFloatingPoint()) {
            double[] x = ElementwiseLoops.doubles(a, compute), y = ElementwiseLoops.doubles(b, compute);
            double[] z = ElementwiseLoops.doubles(c, compute);
            double[] o = new double[it.numel];
            it.forEachRow((oo, len, off) -> {
                int ia = off[0], ib = off[1], ic = off[2];
                for (int i = 0; i < len; i++) o[oo + i] = fd.apply(x[ia + i * sa], y[ib + i * sb], z[ic + i * sc]);
            });
            return ElementwiseLoops.fromDoubles(o, out, it.shape);
        }
        if (fl == null) throw unsupported(op, compute);
        long[] x = ElementwiseLoops.longs(a, compute), y = ElementwiseLoops.longs(b, compute);
        long[] z = ElementwiseLoops.longs(c, compute);
        long[] o = new long[it.numel];
        it.forEachRow((oo, len, off) -> {
            int ia = off[0], ib = off[1], ic = off[2];
            for (int i = 0; i < len; i++) o[oo + i] = fl.apply(x[ia + i * sa], y[ib + i * sb], z[ic + i * sc]);
        });
        return ElementwiseLoops.fromLongs(o, out, it.shape);
    }

    /**
     * {@code a + alpha*b}, {@code a - alpha*b}, {@code a*b} or {@code a/b} in float32 with broadcasting
     * (the float32 paths of add, sub, rsub, mul and div; operands of other dtypes are cast first).
     */
    static Tensor arithF32(String op, Arith kind, Tensor a, Tensor b, double alpha) {
        if (alpha == 1 && Arrays.equals(a.shape(), b.shape()) && a.isContiguous() && b.isContiguous()) {
            // same shapes (residual adds, gates): unit-stride loops C2 vectorizes, split over cores
            float[] x = a.floats(), y = b.floats();
            float[] o = new float[x.length];
            Parallel.range(o.length, 1024, o.length, 1 << 16, (lo, hi) -> {
                switch (kind) {
                    case ADD -> FloatKernels.add(x, y, o, lo, hi);
                    case SUB -> FloatKernels.sub(x, y, o, lo, hi);
                    case MUL -> FloatKernels.mul(x, y, o, lo, hi);
                    case DIV -> FloatKernels.div(x, y, o, lo, hi);
                }
            });
            return Tensor.of(o, a.shape());
        }
        ElementwiseLoops it = new ElementwiseLoops(broadcastShape(op, a, b), a.shape(), b.shape());
        int sa = it.stride[0], sb = it.stride[1];
        float[] x = a.floats(), y = b.floats();
        float[] o = new float[it.numel];
        boolean unit = alpha == 1;
        it.forEachRow((oo, len, off) -> {
            int ia = off[0], ib = off[1];
            switch (kind) {
                case ADD -> {
                    if (unit) for (int i = 0; i < len; i++) o[oo + i] = x[ia + i * sa] + y[ib + i * sb];
                    else for (int i = 0; i < len; i++) o[oo + i] = (float) (x[ia + i * sa] + alpha * y[ib + i * sb]);
                }
                case SUB -> {
                    if (unit) for (int i = 0; i < len; i++) o[oo + i] = x[ia + i * sa] - y[ib + i * sb];
                    else for (int i = 0; i < len; i++) o[oo + i] = (float) (x[ia + i * sa] - alpha * y[ib + i * sb]);
                }
                case MUL -> { for (int i = 0; i < len; i++) o[oo + i] = x[ia + i * sa] * y[ib + i * sb]; }
                case DIV -> { for (int i = 0; i < len; i++) o[oo + i] = x[ia + i * sa] / y[ib + i * sb]; }
            }
        });
        return Tensor.of(o, it.shape);
    }

    static IllegalArgumentException unsupported(String op, DType dtype) {
        return new IllegalArgumentException(op + ": not implemented for dtype " + dtype.torchName());
    }

    /** Rejects non-floating inputs for ops PyTorch defines only on floating types. */
    static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": argument 'self' must be a floating-point tensor, got "
                    + t.dtype().torchName());
        }
    }
}
