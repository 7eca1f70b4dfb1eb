package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.allEqual;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.ints;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.pads;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.pooledSize;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * max_pool{1,2,3}d and avg_pool{1,2,3}d. ONNX pools round down; PyTorch's ceil_mode (which also drops a last
 * window that would start in the right padding) becomes extra right padding computed from static sizes, or
 * ONNX's ceil_mode (opset 10+) when the sizes are dynamic.
 */
final class PoolSymbolics {
    private PoolSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::max_pool1d", 7, g -> one(maxPool(g, 1)));
        t.add("aten::max_pool2d", 7, g -> one(maxPool(g, 2)));
        t.add("aten::max_pool3d", 7, g -> one(maxPool(g, 3)));
        t.add("aten::avg_pool1d", 7, g -> one(avgPool(g, 1)));
        t.add("aten::avg_pool2d", 7, g -> one(avgPool(g, 2)));
        t.add("aten::avg_pool3d", 7, g -> one(avgPool(g, 3)));
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            t.add("aten::max_pool" + n + "d_with_indices", 7, g -> maxPoolIndices(g, dims));
            if (n == 2) continue;
            t.add("aten::adaptive_avg_pool" + n + "d", 7, g -> adaptive(g, dims, false));
            t.add("aten::adaptive_max_pool" + n + "d", 7, g -> adaptive(g, dims, true));
        }
    }

    /** MaxPool's Indices (8+) count over N*C*spatial; PyTorch's over each plane: the remainder by the plane size. */
    private static Value planeIndex(SymbolicContext g, Value flat, long[] in) {
        long plane = 1;
        for (long v : in) plane *= v;
        Value p = g.constant(dev.onnxport.tensor.Tensor.scalar(plane));
        return g.op("Sub", flat, g.op("Mul", g.op("Div", flat, p).output(), p).output()).output();
    }

    /** max_pool{n}d_with_indices: MaxPool with its Indices output (opset 8 on), static spatial sizes. */
    private static Value[] maxPoolIndices(SymbolicContext g, int n) {
        if (g.opset() < 8) throw OnnxOps.notExpressible(g, "max pooling with indices needs MaxPool's Indices output", 8);
        Window w = window(g, n, 4, 5);
        if (w.in == null) throw g.error("max pooling with indices over dynamic spatial sizes is not supported", "give static sizes");
        if (!allEqual(w.dil, 1) && g.opset() < 10) throw OnnxOps.notExpressible(g, "dilated max pooling with indices needs MaxPool's dilations", 10);
        DType d = OnnxOps.outDtype(g, 0);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "MaxPool", d));
        SymbolicContext.NodeBuilder b = g.op("MaxPool", x).attr("kernel_shape", w.kernel).attr("strides", w.stride);
        if (!allEqual(w.dil, 1)) b.attr("dilations", w.dil);
        ceilPads(g, w, b);
        Value[] r = b.outputs(2);
        return new Value[] {OnnxOps.cast(g, r[0], d), planeIndex(g, r[1], w.in)};
    }

    /** adaptive_{avg,max}_pool{1,3}d to sizes that divide the (static) input sizes: a pool with kernel = stride = in/out. */
    private static Value[] adaptive(SymbolicContext g, int n, boolean max) {
        long[] in = ConvPoolForms.staticSpatial(g, 0, n);
        long[] out = ConvPoolForms.ints(g, 1, n);
        if (in == null) throw g.error("adaptive pooling over dynamic spatial sizes is not supported", "give static sizes");
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            if (out[i] <= 0 || in[i] % out[i] != 0) {
                throw g.error("adaptive pooling from " + java.util.Arrays.toString(in) + " to " + java.util.Arrays.toString(out)
                        + " (sizes that do not divide) is not supported", "pick an output size that divides the input size");
            }
            k[i] = in[i] / out[i];
        }
        DType d = OnnxOps.outDtype(g, 0);
        if (!max) {
            Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "AveragePool", d));
            return one(OnnxOps.cast(g, g.op("AveragePool", x).attr("kernel_shape", k).attr("strides", k).output(), d));
        }
        if (g.opset() < 8) throw OnnxOps.notExpressible(g, "adaptive max pooling with indices needs MaxPool's Indices output", 8);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "MaxPool", d));
        Value[] r = g.op("MaxPool", x).attr("kernel_shape", k).attr("strides", k).outputs(2);
        return new Value[] {OnnxOps.cast(g, r[0], d), planeIndex(g, r[1], in)};
    }

    /** Window parameters of one pool call. */
    private record Window(long[] kernel, long[] stride, long[] pad, long[] dil, boolean ceil, long[] in) {
        int n() { return kernel.length; }

        /** Right padding per dim that makes ONNX's floor rounding give PyTorch's sizes (static sizes only). */
        long[] endPads() {
            long[] end = pad.clone();
            for (int k = 0; k < n(); k++) {
                long torch = pooledSize(in[k], kernel[k], stride[k], pad[k], dil[k], ceil);
                long floor = pooledSize(in[k], kernel[k], stride[k], pad[k], dil[k], false);
                // just enough for the last window PyTorch keeps to fit
                if (torch != floor) end[k] = (torch - 1) * stride[k] + dil[k] * (kernel[k] - 1) + 1 - in[k] - pad[k];
            }
            return end;
        }

        boolean ceilMatters() {
            if (!ceil || in == null) return ceil;
            for (int k = 0; k < n(); k++) {
                if (pooledSize(in[k], kernel[k], stride[k], pad[k], dil[k], true)
                        != pooledSize(in[k], kernel[k], stride[k], pad[k], dil[k], false)) return true;
            }
            return false;
        }
    }

    /** kernel_size, stride, padding at 1..3; dilation at {@code dilArg} (or 1s when -1); ceil_mode at {@code ceilArg}. */
    private static Window window(SymbolicContext g, int n, int dilArg, int ceilArg) {
        long[] kernel = ints(g, 1, n);
        long[] stride = ints(g, 2, n);
        if (stride == null) stride = kernel.clone();
        long[] dil = dilArg < 0 ? ConvPoolForms.filled(n, 1) : ints(g, dilArg, n);
        return new Window(kernel, stride, ints(g, 3, n), dil, (Boolean) g.constant(ceilArg), ConvPoolForms.staticSpatial(g, 0, n));
    }

    /** max_pool{n}d(self, kernel_size, stride, padding, dilation, ceil_mode): MaxPool ignores padded cells. */
    private static Value maxPool(SymbolicContext g, int n) {
        Window w = window(g, n, 4, 5);
        DType d = OnnxOps.outDtype(g, 0);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "MaxPool", d));
        if (!allEqual(w.dil, 1) && g.opset() < 10) {
            if (w.in == null) OnnxOps.requireOpset(g, 10, "dilated max pooling over dynamic sizes (MaxPool's dilations attribute)");
            return OnnxOps.cast(g, dilatedMax(g, x, w), d);
        }
        SymbolicContext.NodeBuilder b = g.op("MaxPool", x).attr("kernel_shape", w.kernel).attr("strides", w.stride);
        if (!allEqual(w.dil, 1)) b.attr("dilations", w.dil);
        ceilPads(g, w, b);
        return OnnxOps.cast(g, b.output(), d);
    }

    /**
     * Max pooling without MaxPool's dilations (before opset 10): pad with -inf, gather the strided grid each kernel
     * offset touches, and take the elementwise Max of those grids.
     */
    private static Value dilatedMax(SymbolicContext g, Value x, Window w) {
        int rank = OnnxOps.inRank(g, 0), n = w.n();
        long[] end = w.endPads(), out = new long[n];
        for (int k = 0; k < n; k++) out[k] = pooledSize(w.in[k], w.kernel[k], w.stride[k], w.pad[k], w.dil[k], w.ceil);
        long[] fullPads = ConvPoolForms.spatialPads(rank, w.pad, end);
        Value padded = allEqual(fullPads, 0) ? x : g.op("Pad", x).attr("pads", fullPads).attr("mode", "constant")
                .attr("value", Double.NEGATIVE_INFINITY).output();
        List<Value> grids = new ArrayList<>();
        grids.add(padded);
        for (int k = 0; k < n; k++) {
            List<Value> next = new ArrayList<>();
            for (Value v : grids) {
                for (long o = 0; o < w.kernel[k]; o++) {
                    long first = o * w.dil[k];
                    next.add(ConvPoolForms.take(g, v, rank - n + k, ConvPoolForms.range(first, first + out[k] * w.stride[k], w.stride[k])));
                }
            }
            grids = next;
        }
        return grids.size() == 1 ? grids.get(0) : g.op("Max", grids.toArray(new Value[0])).output();
    }

    /** Sets pads (with extra right padding for a static ceil_mode) or ONNX's ceil_mode for dynamic sizes. */
    private static void ceilPads(SymbolicContext g, Window w, SymbolicContext.NodeBuilder b) {
        if (w.in != null || !w.ceil) {
            b.attr("pads", pads(w.pad, w.in == null ? w.pad : w.endPads()));
            return;
        }
        OnnxOps.requireOpset(g, 10, "ceil_mode pooling over dynamic sizes (the ceil_mode attribute)");
        b.attr("pads", pads(w.pad, w.pad)).attr("ceil_mode", 1L);
    }

    /**
     * avg_pool{n}d(self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override). AveragePool
     * covers the plain forms; ceil_mode windows and divisor_override become a zero Pad, an AveragePool without
     * padding (a window sum over the kernel size) and a per-position divisor computed from the static sizes.
     */
    private static Value avgPool(SymbolicContext g, int n) {
        Window w = window(g, n, -1, 4);
        boolean includePad = (Boolean) g.constant(5);
        Long divisor = g.node().inputs().size() <= 6 || g.isNone(6) ? null : (Long) g.constant(6);
        DType d = OnnxOps.outDtype(g, 0);
        DType c = OnnxOps.computeType(g, "AveragePool", d);
        Value x = OnnxOps.cast(g, g.input(0), c);
        if (!w.ceilMatters() && divisor == null) {
            boolean onnxCeil = w.ceil && w.in == null;
            if (onnxCeil) OnnxOps.requireOpset(g, 10, "ceil_mode average pooling over dynamic sizes (the ceil_mode attribute)");
            SymbolicContext.NodeBuilder b = g.op("AveragePool", x).attr("kernel_shape", w.kernel).attr("strides", w.stride)
                    .attr("pads", pads(w.pad, w.pad));
            if (includePad) b.attr("count_include_pad", 1L);
            if (onnxCeil) b.attr("ceil_mode", 1L);
            return OnnxOps.cast(g, b.output(), d);
        }
        if (w.in == null) {
            if (w.ceil) throw new NotExpressible("average pooling with ceil_mode and a divisor override needs static spatial sizes", 0);
            // no ceil: every window holds kernel cells counting the zero padding, so sum = mean * kernel size
            Value mean = g.op("AveragePool", x).attr("kernel_shape", w.kernel).attr("strides", w.stride)
                    .attr("pads", pads(w.pad, w.pad)).attr("count_include_pad", 1L).output();
            return OnnxOps.cast(g, OnnxOps.mulConst(g, mean, (double) product(w.kernel) / divisor), d);
        }
        long[] end = w.endPads();
        int rank = OnnxOps.inRank(g, 0);
        Value padded = ConvPoolForms.zeroPad(g, x, ConvPoolForms.spatialPads(rank, w.pad, end));
        Value mean = g.op("AveragePool", padded).attr("kernel_shape", w.kernel).attr("strides", w.stride).output();
        Value scale = ConvPoolForms.constant(g, scales(w, includePad, divisor), c, outSizes(w));
        return OnnxOps.cast(g, OnnxOps.mul(g, mean, scale), d);
    }

    private static long product(long[] a) {
        long p = 1;
        for (long x : a) p *= x;
        return p;
    }

    private static long[] outSizes(Window w) {
        long[] out = new long[w.n()];
        for (int k = 0; k < w.n(); k++) out[k] = pooledSize(w.in[k], w.kernel[k], w.stride[k], w.pad[k], 1, w.ceil);
        return out;
    }

    /** kernel size / PyTorch's divisor at each output position (row-major over the spatial output). */
    private static double[] scales(Window w, boolean includePad, Long divisor) {
        long[] out = outSizes(w);
        double[] s = {1};
        for (int k = 0; k < w.n(); k++) {
            double[] next = new double[s.length * (int) out[k]];
            for (int a = 0; a < s.length; a++) {
                for (int i = 0; i < out[k]; i++) {
                    long start = i * w.stride[k] - w.pad[k];
                    long end = Math.min(start + w.kernel[k], w.in[k] + w.pad[k]);
                    long count = includePad ? end - start : Math.min(end, w.in[k]) - Math.max(start, 0);
                    next[a * (int) out[k] + i] = s[a] * w.kernel[k] / (divisor == null ? count : 1);
                }
            }
            s = next;
        }
        if (divisor != null) for (int i = 0; i < s.length; i++) s[i] /= divisor;
        return s;
    }
}
