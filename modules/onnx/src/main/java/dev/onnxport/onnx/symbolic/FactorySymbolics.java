package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.inType;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.ShapeForms.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/** Symbolic functions for tensor creation and casts. */
final class FactorySymbolics {
    private FactorySymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::arange", 7, g -> one(arange(g, null, 0, null)));
        t.add("aten::arange.start_step", 7, g -> one(arange(g, 0, 1, 2)));
        t.add("aten::zeros", 7, g -> one(filled(g, 0, 0L)));
        t.add("aten::ones", 7, g -> one(filled(g, 0, 1L)));
        t.add("aten::full", 7, g -> one(filled(g, 0, fill(g, 1))));
        t.add("aten::zeros_like", 7, g -> one(filledLike(g, 0L)));
        t.add("aten::ones_like", 7, g -> one(filledLike(g, 1L)));
        t.add("aten::full_like", 7, g -> one(filledLike(g, fill(g, 1))));
        t.add("aten::new_zeros", 7, g -> one(filled(g, 1, 0L)));
        t.add("aten::new_ones", 7, g -> one(filled(g, 1, 1L)));
        t.add("aten::new_empty", 7, g -> one(filled(g, 1, 0L)));
        t.add("aten::new_full", 7, g -> one(filled(g, 1, fill(g, 2))));
        t.add("aten::fill.Scalar", 7, g -> one(filledLike(g, fill(g, 1))));
        for (String op : new String[] {"eye", "eye.m", "linspace", "hann_window", "hann_window.periodic", "scalar_tensor"}) {
            t.add("aten::" + op, 7, g -> one(constantFactory(g)));
        }
        t.add("aten::to.dtype", 7, g -> one(cast(g, g.input(0), outDtype(g, 0))));
    }

    /** A factory whose arguments are all constants (eye, linspace, hann_window, ...): its eager result as a constant. */
    private static Value constantFactory(SymbolicContext g) {
        int n = g.node().inputs().size();
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            if (!g.isNone(i) && !g.isConstant(i)) throw g.error("an argument is computed from the inputs", "give constant arguments");
            args[i] = g.isNone(i) ? null : g.constant(i);
        }
        dev.onnxport.ops.OpDef op = g.node().op();
        return g.constant(dev.onnxport.ops.Dispatcher.compute(op, dev.onnxport.ops.Args.bind(op, args, java.util.Map.of()))[0]);
    }

    private static Object fill(SymbolicContext g, int i) {
        if (!g.isConstant(i)) throw g.error("the fill value is computed from the inputs", "fill with a constant, or multiply a filled tensor");
        return g.constant(i);
    }

    /** A tensor of {@code shape} filled with {@code v} (Long, Double or Boolean) as {@code d}. */
    static Tensor full(long[] shape, Object v, DType d) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (d == DType.INT64 && !(v instanceof Double)) {
            long[] a = new long[n];
            Arrays.fill(a, v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue());
            return Tensor.of(a, shape);
        }
        double[] a = new double[n];
        Arrays.fill(a, v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue());
        return Tensor.of(a, shape).to(d);
    }

    /** zeros/ones/full: the size list is input {@code i}, the dtype the traced output's. */
    private static Value filled(SymbolicContext g, int i, Object v) {
        Type out = g.node().outputs().get(0).type();
        return fillShape(g, g.isConstant(i) ? ShapeForms.ints(g, i) : null, g.isConstant(i) ? null : g.input(i), out.rank(), v, out.dtype());
    }

    private static Value filledLike(SymbolicContext g, Object v) {
        Type in = inType(g, 0);
        DType d = outDtype(g, 0);
        if (ShapeForms.isStatic(in)) return fillShape(g, in.shape(), null, in.rank(), v, d);
        return fillShape(g, null, g.op("Shape", g.input(0)).output(), in.rank(), v, d);
    }

    /**
     * A filled tensor of a constant shape ({@code constShape}) or of a shape computed at run time: small constants
     * are written out, larger ones and dynamic shapes use ConstantOfShape (9+), Expand (8) or Tile (7).
     */
    static Value fillShape(SymbolicContext g, long[] constShape, Value shape, int rank, Object v, DType d) {
        if (constShape != null) {
            long n = Arrays.stream(constShape).reduce(1, (a, b) -> a * b);
            if (n <= 64 || g.opset() < 9) return g.constant(full(constShape, v, d));
            shape = g.constantLongs(constShape);
        }
        if (g.opset() >= 9) return g.op("ConstantOfShape", shape).attr("value", full(new long[] {1}, v, d)).output();
        long[] ones = new long[rank];
        Arrays.fill(ones, 1);
        Value seed = g.constant(full(ones, v, d));
        return g.op(g.opset() >= 8 ? "Expand" : "Tile", seed, shape).output();
    }

    /**
     * arange: a constant when the bounds are; otherwise Range (11+), or the indices of a ConstantOfShape
     * of the length (NonZero, 9-10) scaled and shifted.
     */
    private static Value arange(SymbolicContext g, Integer startIdx, int endIdx, Integer stepIdx) {
        DType d = outDtype(g, 0);
        boolean constant = g.isConstant(endIdx) && (startIdx == null || g.isConstant(startIdx)) && (stepIdx == null || g.isConstant(stepIdx));
        if (constant) {
            Number start = startIdx == null ? 0L : (Number) g.constant(startIdx);
            Number end = (Number) g.constant(endIdx);
            Number step = stepIdx == null ? 1L : (Number) g.constant(stepIdx);
            return g.constant(arangeTensor(start, end, step, d));
        }
        if (g.opset() < 9) {
            throw new NotExpressible("arange with bounds computed at run time needs ConstantOfShape and NonZero, "
                    + "which ONNX has from opset 9", 9);
        }
        DType c = d.isFloatingPoint() ? (d == DType.FLOAT64 ? d : DType.FLOAT32) : DType.INT64;
        Value start = startIdx == null ? OnnxOps.scalar(g, 0L, c) : ShapeForms.scalarArg(g, startIdx, c);
        Value end = ShapeForms.scalarArg(g, endIdx, c);
        Value step = stepIdx == null ? OnnxOps.scalar(g, 1L, c) : ShapeForms.scalarArg(g, stepIdx, c);
        if (g.opset() >= 11) return cast(g, g.op("Range", start, end, step).output(), d);
        Value len = OnnxOps.div(g, OnnxOps.sub(g, cast(g, end, DType.FLOAT64), cast(g, start, DType.FLOAT64)), cast(g, step, DType.FLOAT64));
        Value n = ShapeForms.vec1(g, cast(g, g.op("Ceil", len).output(), DType.INT64));
        Value ones = g.op("ConstantOfShape", n).attr("value", full(new long[] {1}, 1L, DType.INT64)).output();
        Value idx = OnnxOps.squeeze(g, g.op("NonZero", ones).output(), 0);
        Value r = OnnxOps.add(g, OnnxOps.mul(g, cast(g, idx, c), step), start);
        return cast(g, r, d);
    }

    /** PyTorch's arange values: {@code start + i*step}, computed exactly for integers and in double otherwise. */
    static Tensor arangeTensor(Number start, Number end, Number step, DType d) {
        boolean ints = start instanceof Long && end instanceof Long && step instanceof Long;
        long n = (long) Math.ceil((end.doubleValue() - start.doubleValue()) / step.doubleValue());
        if (ints) n = Math.max(0, Math.floorDiv(end.longValue() - start.longValue() + step.longValue() - Long.signum(step.longValue()), step.longValue()));
        n = Math.max(0, n);
        if (ints && !d.isFloatingPoint()) {
            long[] a = new long[(int) n];
            for (int i = 0; i < n; i++) a[i] = start.longValue() + i * step.longValue();
            return Tensor.of(a, n).to(d);
        }
        double[] a = new double[(int) n];
        for (int i = 0; i < n; i++) a[i] = start.doubleValue() + i * step.doubleValue();
        return Tensor.of(a, n).to(d);
    }
}
