package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.range;
import static dev.onnxport.onnx.symbolic.ConvPoolForms.take;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * adaptive_avg_pool2d and adaptive_max_pool2d. PyTorch's output cell i along a dim of size L (output O) covers
 * [floor(i L / O), ceil((i + 1) L / O)). Output 1x1 is a global pool; sizes that divide are a plain pool with
 * kernel = stride = L / O; others are gathered cell by cell from the static input sizes.
 */
final class PoolAdaptive {
    private PoolAdaptive() {}

    static void register(SymbolicTable t) {
        t.add("aten::adaptive_avg_pool2d", 7, g -> one(avg(g)));
        t.add("aten::adaptive_max_pool2d", 7, PoolAdaptive::max);
    }

    private static long start(long i, long in, long out) { return Math.floorDiv(i * in, out); }

    private static long end(long i, long in, long out) { return Math.floorDiv((i + 1) * in + out - 1, out); }

    /** The output size (int[2], SymInt[2]); a dim given as -1/None keeps the input size. */
    private static long[] outSize(SymbolicContext g, long[] in) {
        long[] o = ConvPoolForms.ints(g, 1, 2);
        for (int k = 0; k < 2; k++) if (o[k] < 0 && in != null) o[k] = in[k];
        return o;
    }

    private static long[] staticIn(SymbolicContext g, String what) {
        long[] in = ConvPoolForms.staticSpatial(g, 0, 2);
        if (in == null) throw new NotExpressible(what + " to a size other than 1x1 needs a static input height and width", 0);
        return in;
    }

    private static boolean divides(long[] in, long[] out) {
        return in[0] % out[0] == 0 && in[1] % out[1] == 0;
    }

    private static Value avg(SymbolicContext g) {
        DType d = OnnxOps.outDtype(g, 0);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "AveragePool", d));
        long[] out = ConvPoolForms.ints(g, 1, 2);
        if (out[0] == 1 && out[1] == 1) return OnnxOps.cast(g, g.op("GlobalAveragePool", x).output(), d);
        long[] in = staticIn(g, "adaptive average pooling");
        out = outSize(g, in);
        if (divides(in, out)) {
            long[] k = {in[0] / out[0], in[1] / out[1]};
            return OnnxOps.cast(g, g.op("AveragePool", x).attr("kernel_shape", k).attr("strides", k).output(), d);
        }
        // a mean over a rectangle is the mean over its rows of the means over its columns
        for (int axis = 2; axis < 4; axis++) {
            List<Value> cells = new ArrayList<>();
            long n = in[axis - 2], o = out[axis - 2];
            for (long i = 0; i < o; i++) {
                Value part = take(g, x, axis, range(start(i, n, o), end(i, n, o), 1));
                cells.add(OnnxOps.reduce(g, "ReduceMean", part, new long[] {axis}, true));
            }
            x = cells.size() == 1 ? cells.get(0) : g.op("Concat", cells.toArray(new Value[0])).attr("axis", (long) axis).output();
        }
        return OnnxOps.cast(g, x, d);
    }

    /** Values and int64 indices flat over each channel's H*W, as PyTorch returns them. */
    private static Value[] max(SymbolicContext g) {
        DType d = OnnxOps.outDtype(g, 0);
        Value x = OnnxOps.cast(g, g.input(0), OnnxOps.computeType(g, "MaxPool", d));
        long[] in = staticIn(g, "adaptive max pooling");
        long[] out = outSize(g, in);
        Value[] r = divides(in, out) && g.opset() >= 8 ? maxPool(g, x, in, out) : maxCells(g, x, in, out);
        return new Value[] {OnnxOps.cast(g, r[0], d), r[1]};
    }

    /** MaxPool with its Indices output (flat over N*C*H*W), reduced modulo H*W. */
    private static Value[] maxPool(SymbolicContext g, Value x, long[] in, long[] out) {
        long[] k = {in[0] / out[0], in[1] / out[1]};
        Value[] r = g.op("MaxPool", x).attr("kernel_shape", k).attr("strides", k).outputs(2);
        Value hw = g.constant(dev.onnxport.tensor.Tensor.scalar(in[0] * in[1]));
        Value q = g.op("Div", r[1], hw).output();
        return new Value[] {r[0], g.op("Sub", r[1], g.op("Mul", q, hw).output()).output()};
    }

    /** Per output cell: gather the window, flatten it, ReduceMax and ArgMax, and map the window index to h*W+w. */
    private static Value[] maxCells(SymbolicContext g, Value x, long[] in, long[] out) {
        List<Value> values = new ArrayList<>(), indices = new ArrayList<>();
        for (long i = 0; i < out[0]; i++) {
            long h0 = start(i, in[0], out[0]), h1 = end(i, in[0], out[0]);
            Value rows = take(g, x, 2, range(h0, h1, 1));
            for (long j = 0; j < out[1]; j++) {
                long w0 = start(j, in[1], out[1]), w1 = end(j, in[1], out[1]);
                Value cell = ConvPoolForms.reshape(g, take(g, rows, 3, range(w0, w1, 1)), 0, 0, -1);
                values.add(OnnxOps.reduce(g, "ReduceMax", cell, new long[] {2}, true));
                Value a = g.op("ArgMax", cell).attr("axis", 2L).attr("keepdims", 1L).output();
                // (h0 + a / rw) * W + w0 + a % rw  ==  a + (a / rw) * (W - rw) + h0 * W + w0
                long rw = w1 - w0;
                Value q = g.op("Div", a, g.constantLongs(rw)).output();
                Value shifted = g.op("Mul", q, g.constantLongs(in[1] - rw)).output();
                Value idx = g.op("Add", g.op("Add", a, shifted).output(), g.constantLongs(h0 * in[1] + w0)).output();
                indices.add(idx);
            }
        }
        return new Value[] {cellsToGrid(g, values, out), cellsToGrid(g, indices, out)};
    }

    /** [N, C, 1] per cell, row-major, to [N, C, oh, ow]. */
    private static Value cellsToGrid(SymbolicContext g, List<Value> cells, long[] out) {
        Value all = cells.size() == 1 ? cells.get(0) : g.op("Concat", cells.toArray(new Value[0])).attr("axis", 2L).output();
        return ConvPoolForms.reshape(g, all, 0, 0, out[0], out[1]);
    }
}
