package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.dtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.greater;
import static dev.onnxport.onnx.symbolic.OnnxOps.less;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import java.util.function.Function;

/** Unary math: abs, exp, sqrt, sin, erf, floor, round, sign, isnan, logical and bitwise not. */
final class UnarySymbolics {
    private UnarySymbolics() {}

    static void register(SymbolicTable t) {
        // the input is cast to PyTorch's result dtype first (integers give float32)
        for (String[] p : new String[][] {{"exp", "Exp"}, {"log", "Log"}, {"sqrt", "Sqrt"}, {"reciprocal", "Reciprocal"},
                {"sin", "Sin"}, {"cos", "Cos"}, {"tanh", "Tanh"}, {"sigmoid", "Sigmoid"}, {"atan", "Atan"},
                {"abs", "Abs"}, {"neg", "Neg"}, {"acos", "Acos"}, {"asin", "Asin"}, {"tan", "Tan"}}) {
            unary(t, "aten::" + p[0], x -> g -> typed(g, p[1], x));
        }
        unary(t, "aten::log10", x -> g -> OnnxOps.mulConst(g, typed(g, "Log", x), 1 / Math.log(10)));
        unary(t, "aten::log2", x -> g -> OnnxOps.mulConst(g, typed(g, "Log", x), 1 / Math.log(2)));
        unary(t, "aten::log1p", x -> g -> typed(g, "Log", OnnxOps.addConst(g, x, 1.0)));
        unary(t, "aten::expm1", x -> g -> OnnxOps.addConst(g, typed(g, "Exp", x), -1.0));
        unary(t, "aten::exp2", x -> g -> typed(g, "Exp", OnnxOps.mulConst(g, x, Math.log(2))));
        unary(t, "aten::cosh", x -> g -> hyperbolic(g, x, "Cosh"));
        unary(t, "aten::sinh", x -> g -> hyperbolic(g, x, "Sinh"));
        // log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)), without overflow
        unary(t, "aten::log_sigmoid", x -> g -> sub(g, g.op("Neg", g.op("Relu", g.op("Neg", x).output()).output()).output(),
                typed(g, "Log", OnnxOps.addConst(g, typed(g, "Exp", g.op("Neg", typed(g, "Abs", x)).output()), 1.0))));
        unary(t, "aten::square", x -> g -> mul(g, x, x));
        unary(t, "aten::trunc", x -> g -> dtype(g, x).isFloatingPoint() ? OnnxOps.trunc(g, x) : x);
        unary(t, "aten::fix", x -> g -> dtype(g, x).isFloatingPoint() ? OnnxOps.trunc(g, x) : x);
        t.add("aten::isinf", 7, g -> one(isInf(g, g.input(0))));
        t.add("aten::isfinite", 7, g -> {
            Value x = g.input(0);
            if (!dtype(g, x).isFloatingPoint()) return one(OnnxOps.equal(g, x, x));
            return one(OnnxOps.not(g, OnnxOps.or(g, isInf(g, x), OnnxOps.isNaN(g, x))));
        });
        unary(t, "aten::rsqrt", x -> g -> g.op("Reciprocal", typed(g, "Sqrt", x)).output());
        unary(t, "aten::erf", x -> g -> OnnxOps.erf(g, x));
        unary(t, "aten::sign", x -> g -> OnnxOps.sign(g, x));
        // integers are already whole
        unary(t, "aten::floor", x -> g -> whole(g, x, "Floor"));
        unary(t, "aten::ceil", x -> g -> whole(g, x, "Ceil"));
        unary(t, "aten::round", x -> g -> dtype(g, x).isFloatingPoint() ? round(g, x) : x);
        t.add("aten::isnan", 7, g -> one(OnnxOps.isNaN(g, g.input(0))));
        t.add("aten::logical_not", 7, g -> one(OnnxOps.not(g, cast(g, g.input(0), DType.BOOL))));
        t.add("aten::bitwise_not", 7, g -> {
            Value x = g.input(0);
            if (dtype(g, x) == DType.BOOL) return one(OnnxOps.not(g, x));
            OnnxOps.requireOpset(g, 18, "bitwise_not of integers (BitwiseNot)");
            return one(g.op("BitwiseNot", x).output());
        });
    }

    /** cosh, sinh: the op from 9, before it {@code (e^x ± e^-x) / 2}. */
    private static Value hyperbolic(SymbolicContext g, Value x, String opType) {
        if (g.opset() >= 9) return typed(g, opType, x);
        Value ep = typed(g, "Exp", x), en = typed(g, "Exp", g.op("Neg", x).output());
        return OnnxOps.mulConst(g, opType.equals("Cosh") ? add(g, ep, en) : sub(g, ep, en), 0.5);
    }

    /** isinf: IsInf from 10; before, |x| above the dtype's largest finite value (false for integers). */
    static Value isInf(SymbolicContext g, Value x) {
        DType d = dtype(g, x);
        if (!d.isFloatingPoint()) return OnnxOps.not(g, OnnxOps.equal(g, x, x));
        if (g.opset() >= 10) return g.op("IsInf", cast(g, x, OnnxOps.computeType(g, "IsInf", d))).output();
        return greater(g, typed(g, "Abs", x), scalar(g, d == DType.FLOAT64 ? Double.MAX_VALUE : (double) Float.MAX_VALUE, d));
    }

    private static Value whole(SymbolicContext g, Value x, String opType) {
        return dtype(g, x).isFloatingPoint() ? typed(g, opType, x) : x;
    }

    /**
     * Round half to even. Round exists from opset 11; before, {@code r = floor(x + 0.5)} minus one where x
     * was a tie ({@code r - x == 0.5}) and r is odd; values of 2^52 and more are already whole.
     */
    static Value round(SymbolicContext g, Value x) {
        if (g.opset() >= 11) return typed(g, "Round", x);
        DType d = dtype(g, x);
        Value half = scalar(g, 0.5, d);
        Value r = g.op("Floor", add(g, x, half)).output();
        Value diff = sub(g, r, x);
        Value tie = OnnxOps.not(g, OnnxOps.or(g, less(g, diff, half), greater(g, diff, half)));
        Value two = scalar(g, 2.0, d);
        Value odd = greater(g, sub(g, r, mul(g, two, g.op("Floor", OnnxOps.div(g, r, two)).output())), half);
        Value fix = cast(g, OnnxOps.and(g, tie, odd), d);
        Value rounded = sub(g, r, fix);
        Value big = greater(g, g.op("Abs", x).output(), scalar(g, d == DType.FLOAT64 ? 0x1p52 : 0x1p23, d));
        return OnnxOps.where(g, big, x, rounded);
    }

    /** Registers a one-tensor op whose input is first cast to the traced result dtype. */
    static void unary(SymbolicTable t, String name, Function<Value, Function<SymbolicContext, Value>> body) {
        t.add(name, 7, g -> one(body.apply(cast(g, g.input(0), outDtype(g, 0))).apply(g)));
    }

    static Value[] one(Value v) { return new Value[] {v}; }
}
