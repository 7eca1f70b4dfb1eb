package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.addConst;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.div;
import static dev.onnxport.onnx.symbolic.OnnxOps.dtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.mulConst;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/** Activations: relu family, elu/selu/celu, gelu (erf and tanh), silu, mish, hard*, softplus, prelu, glu, softmax. */
final class ActivationSymbolics {
    private ActivationSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::relu", 7, g -> one(typed(g, "Relu", x(g))));
        t.add("aten::relu6", 7, g -> one(clip(g, x(g), 0.0, 6.0)));
        t.add("aten::hardtanh", 7, g -> one(clip(g, x(g), num(g, 1), num(g, 2))));
        t.add("aten::clamp", 7, g -> one(clip(g, x(g), g.isNone(1) ? null : num(g, 1), g.isNone(2) ? null : num(g, 2))));
        t.add("aten::clamp_min", 7, g -> one(clip(g, x(g), num(g, 1), null)));
        t.add("aten::clamp_max", 7, g -> one(clip(g, x(g), null, num(g, 1))));
        t.add("aten::clamp.Tensor", 7, g -> {
            DType d = outDtype(g, 0);
            Value x = cast(g, g.input(0), d);
            if (!g.isNone(1)) x = OnnxOps.maxMin(g, "Max", x, cast(g, g.input(1), d));
            if (!g.isNone(2)) x = OnnxOps.maxMin(g, "Min", x, cast(g, g.input(2), d));
            return one(x);
        });
        // softshrink(x) = x - clamp(x, -l, l); hardshrink(x) = x * (|x| > l)
        t.add("aten::softshrink", 7, g -> one(sub(g, x(g), clip(g, x(g), -num(g, 1), num(g, 1)))));
        t.add("aten::hardshrink", 7, g -> {
            Value x = x(g);
            Value keep = OnnxOps.greater(g, g.op("Abs", x).output(), scalar(g, num(g, 1), dtype(g, x)));
            return one(mul(g, x, cast(g, keep, dtype(g, x))));
        });
        t.add("aten::rrelu", 7, g -> {
            if (Boolean.TRUE.equals(g.constant(3))) throw g.error("rrelu in training mode draws random slopes", "export in eval mode");
            double s = (num(g, 1) + num(g, 2)) / 2;
            return one(typed(g, "LeakyRelu", true, b -> b.attr("alpha", s), x(g)));
        });
        // non-finite values are replaced with Where (9); a blend before it would turn them into NaN
        t.add("aten::nan_to_num", 7, g -> {
            OnnxOps.requireOpset(g, 9, "nan_to_num (Where, to select around non-finite values)");
            Value x = x(g);
            DType d = dtype(g, x);
            if (!d.isFloatingPoint()) return one(x);
            double big = d == DType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
            double nan = g.isNone(1) ? 0 : num(g, 1), pinf = g.isNone(2) ? big : num(g, 2), ninf = g.isNone(3) ? -big : num(g, 3);
            Value y = OnnxOps.where(g, OnnxOps.isNaN(g, x), scalar(g, nan, d), x);
            Value inf = UnarySymbolics.isInf(g, x);
            Value pos = OnnxOps.greater(g, x, scalar(g, 0.0, d));
            y = OnnxOps.where(g, OnnxOps.and(g, inf, pos), scalar(g, pinf, d), y);
            y = OnnxOps.where(g, OnnxOps.and(g, inf, OnnxOps.not(g, pos)), scalar(g, ninf, d), y);
            return one(y);
        });
        t.add("aten::leaky_relu", 7, g -> one(typed(g, "LeakyRelu", true, b -> b.attr("alpha", num(g, 1)), x(g))));
        t.add("aten::elu", 7, ActivationSymbolics::elu);
        t.add("aten::selu", 7, g -> one(typed(g, "Selu", x(g))));
        // celu(x) = alpha * elu(x / alpha, 1); Celu itself (12) only takes float32
        t.add("aten::celu", 7, g -> {
            Value x = x(g);
            double alpha = num(g, 1);
            if (g.opset() >= 12 && dtype(g, x) == DType.FLOAT32) return one(g.op("Celu", x).attr("alpha", alpha).output());
            Value e = typed(g, "Elu", true, b -> b.attr("alpha", 1.0), mulConst(g, x, 1 / alpha));
            return one(mulConst(g, e, alpha));
        });
        t.add("aten::gelu", 7, ActivationSymbolics::gelu);
        t.add("aten::silu", 7, g -> one(mul(g, x(g), typed(g, "Sigmoid", x(g)))));
        t.add("aten::mish", 7, g -> {
            Value x = x(g);
            if (g.opset() >= 18) return one(typed(g, "Mish", x));
            return one(mul(g, x, typed(g, "Tanh", typed(g, "Softplus", x))));
        });
        t.add("aten::hardsigmoid", 7, g -> one(hardSigmoid(g, x(g))));
        t.add("aten::hardswish", 7, g -> {
            Value x = x(g);
            if (g.opset() >= 14) return one(typed(g, "HardSwish", x));
            return one(mul(g, x, hardSigmoid(g, x)));
        });
        t.add("aten::softplus", 7, ActivationSymbolics::softplus);
        t.add("aten::prelu", 7, ActivationSymbolics::prelu);
        t.add("aten::glu", 7, ActivationSymbolics::glu);
        t.add("aten::threshold", 7, g -> {
            Value x = x(g);
            DType d = dtype(g, x);
            Value above = OnnxOps.greater(g, x, scalar(g, g.constant(1), d));
            return one(OnnxOps.where(g, above, x, scalar(g, g.constant(2), d)));
        });
        t.add("aten::logit", 7, g -> {
            Value x = x(g);
            if (!g.isNone(1)) {
                double eps = num(g, 1);
                x = clip(g, x, eps, 1 - eps);
            }
            return one(g.op("Log", div(g, x, sub(g, scalar(g, 1.0, dtype(g, x)), x))).output());
        });
        t.add("aten::softmax.int", 7, g -> one(softmax(g, "Softmax")));
        t.add("aten::log_softmax.int", 7, g -> one(softmax(g, "LogSoftmax")));
        // self and dim at the positions of softmax.int; half_to_float is false on CPU
        t.add("aten::_log_softmax", 7, g -> one(softmax(g, "LogSoftmax")));
        t.add("aten::_softmax", 7, g -> one(softmax(g, "Softmax")));
    }

    /** Aten input 0 cast to the traced result dtype. */
    static Value x(SymbolicContext g) { return cast(g, g.input(0), outDtype(g, 0)); }

    static double num(SymbolicContext g, int i) { return ((Number) g.constant(i)).doubleValue(); }

    /** Clip with bounds as attributes (before 11, floating types only) or inputs (11 on); null: unbounded. */
    static Value clip(SymbolicContext g, Value x, Double min, Double max) {
        DType d = dtype(g, x);
        DType c = OnnxOps.computeType(g, "Clip", d);
        Value xc = cast(g, x, c);
        Value r;
        if (g.opset() < 11) {
            SymbolicContext.NodeBuilder b = g.op("Clip", xc);
            if (min != null) b.attr("min", min);
            if (max != null) b.attr("max", max);
            r = b.output();
        } else {
            Value lo = scalar(g, min != null ? bound(min, c) : lowest(c), c);
            if (max == null) r = g.op("Clip", xc, lo).output();
            else r = g.op("Clip", xc, lo, scalar(g, bound(max, c), c)).output();
        }
        return cast(g, r, d);
    }

    private static Object bound(double v, DType c) {
        return c.isFloatingPoint() ? (Object) v : (Object) (long) Math.floor(v);
    }

    private static Object lowest(DType c) {
        return c.isFloatingPoint() ? (Object) Double.NEGATIVE_INFINITY : (Object) Long.MIN_VALUE;
    }

    private static Value hardSigmoid(SymbolicContext g, Value x) {
        return typed(g, "HardSigmoid", true, b -> b.attr("alpha", 1.0 / 6).attr("beta", 0.5), x);
    }

    /** scale * (max(x, 0) + alpha * (exp(input_scale * min(x, 0)) - 1)); plain Elu when both scales are 1. */
    private static Value[] elu(SymbolicContext g) {
        Value x = x(g);
        double alpha = num(g, 1), scale = num(g, 2), inScale = num(g, 3);
        if (inScale == 1) {
            Value e = typed(g, "Elu", true, b -> b.attr("alpha", alpha), x);
            return one(scale == 1 ? e : mulConst(g, e, scale));
        }
        Value pos = typed(g, "Relu", x);
        Value negPart = g.op("Neg", typed(g, "Relu", g.op("Neg", x).output())).output();
        Value e = addConst(g, g.op("Exp", mulConst(g, negPart, inScale)).output(), -1.0);
        return one(mulConst(g, add(g, pos, mulConst(g, e, alpha)), scale));
    }

    private static Value[] gelu(SymbolicContext g) {
        Value x = x(g);
        String approx = (String) g.constant(1);
        boolean tanh = "tanh".equals(approx);
        if (g.opset() >= 20) return one(g.op("Gelu", x).attr("approximate", tanh ? "tanh" : "none").output());
        Value inner;
        if (tanh) {
            // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            Value cube = mul(g, mul(g, x, x), x);
            Value u = mulConst(g, add(g, x, mulConst(g, cube, 0.044715)), Math.sqrt(2 / Math.PI));
            inner = typed(g, "Tanh", u);
        } else {
            inner = OnnxOps.erf(g, mulConst(g, x, 1 / Math.sqrt(2)));
        }
        return one(mul(g, mulConst(g, x, 0.5), addConst(g, inner, 1.0)));
    }

    /** x where beta*x > threshold, else log(1 + exp(beta*x)) / beta; before Where (9) the threshold is ignored (differs by < e^-threshold). */
    private static Value[] softplus(SymbolicContext g) {
        Value x = x(g);
        double beta = num(g, 1), threshold = num(g, 2);
        Value bx = beta == 1 ? x : mulConst(g, x, beta);
        Value sp = typed(g, "Softplus", bx);
        if (beta != 1) sp = mulConst(g, sp, 1 / beta);
        if (g.opset() < 9) return one(sp);
        Value big = OnnxOps.greater(g, bx, scalar(g, threshold, dtype(g, x)));
        return one(OnnxOps.where(g, big, x, sp));
    }

    /** PRelu broadcasts the slope from the right, so a per-channel weight [C] becomes [C, 1, ..., 1]. */
    private static Value[] prelu(SymbolicContext g) {
        Value x = x(g);
        Value w = cast(g, g.input(1), dtype(g, x));
        int rank = OnnxOps.inRank(g, 0);
        long wn = OnnxOps.inType(g, 1).shape().length == 0 ? 1 : OnnxOps.inType(g, 1).shape()[0];
        if (rank >= 3 && wn > 1) {
            long[] axes = new long[rank - 2];
            for (int k = 0; k < axes.length; k++) axes[k] = k + 1;
            w = OnnxOps.unsqueeze(g, w, axes);
        }
        return one(typed(g, "PRelu", x, w));
    }

    /** a * sigmoid(b) where a, b are the halves of x along dim. */
    private static Value[] glu(SymbolicContext g) {
        Value x = x(g);
        int rank = OnnxOps.inRank(g, 0);
        long dim = OnnxOps.normDim((Long) g.constant(1), rank);
        SymbolicContext.NodeBuilder b = g.op("Split", x).attr("axis", dim);
        if (g.opset() >= 18) b.attr("num_outputs", 2L);
        Value[] halves = b.outputs(2);
        return one(mul(g, halves[0], typed(g, "Sigmoid", halves[1])));
    }

    /** Softmax over one dim; before 13 ONNX flattens to 2-D at the axis, so another dim is moved last first. */
    private static Value softmax(SymbolicContext g, String opType) {
        Value x = x(g);
        int rank = OnnxOps.inRank(g, 0);
        long dim = OnnxOps.normDim((Long) g.constant(1), rank);
        if (g.opset() >= 13 || dim == rank - 1) return typed(g, opType, true, b -> b.attr("axis", dim), x);
        long[] perm = new long[rank];
        for (int k = 0; k < rank; k++) perm[k] = k;
        perm[(int) dim] = rank - 1;
        perm[rank - 1] = dim;
        Value tx = g.op("Transpose", x).attr("perm", perm).output();
        Value s = typed(g, opType, true, b -> b.attr("axis", (long) rank - 1), tx);
        return g.op("Transpose", s).attr("perm", perm).output();
    }
}
