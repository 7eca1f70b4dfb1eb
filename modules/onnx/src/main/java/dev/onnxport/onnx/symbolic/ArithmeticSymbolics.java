package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.div;
import static dev.onnxport.onnx.symbolic.OnnxOps.dtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.input;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;

/**
 * Binary arithmetic with PyTorch's type promotion (operands are cast to the traced result dtype),
 * integer division rules (true, trunc and floor), Python and C remainders, pow, min/max, atan2,
 * addcmul, lerp, where and masked_fill.
 */
final class ArithmeticSymbolics {
    private ArithmeticSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::add.Tensor", 7, g -> one(addSub(g, false, false)));
        t.add("aten::add.Scalar", 7, g -> one(addSub(g, false, false)));
        t.add("aten::sub.Tensor", 7, g -> one(addSub(g, true, false)));
        t.add("aten::sub.Scalar", 7, g -> one(addSub(g, true, false)));
        t.add("aten::rsub.Scalar", 7, g -> one(addSub(g, true, true)));
        t.add("aten::mul.Tensor", 7, ArithmeticSymbolics::mulOp);
        t.add("aten::mul.Scalar", 7, ArithmeticSymbolics::mulOp);
        t.add("aten::div.Tensor", 7, g -> one(div(g, a(g), b(g))));
        t.add("aten::true_divide.Tensor", 7, g -> one(div(g, a(g), b(g))));
        t.add("aten::div.Scalar", 7, g -> one(div(g, a(g), b(g))));
        t.add("aten::div.Tensor_mode", 7, g -> one(divMode(g, g.isNone(2) ? null : (String) g.constant(2))));
        t.add("aten::floor_divide", 7, g -> one(divMode(g, "floor")));
        t.add("aten::remainder.Tensor", 7, g -> one(remainder(g)));
        t.add("aten::fmod.Tensor", 7, g -> one(fmod(g)));
        t.add("aten::pow.Tensor_Scalar", 7, ArithmeticSymbolics::pow);
        t.add("aten::pow.Tensor_Tensor", 7, ArithmeticSymbolics::pow);
        t.add("aten::minimum", 7, g -> one(OnnxOps.maxMin(g, "Min", a(g), b(g))));
        t.add("aten::maximum", 7, g -> one(OnnxOps.maxMin(g, "Max", a(g), b(g))));
        t.add("aten::atan2", 7, ArithmeticSymbolics::atan2);
        t.add("aten::addcmul", 7, g -> {
            DType d = outDtype(g, 0);
            Value prod = mul(g, input(g, 1, d), input(g, 2, d));
            return one(add(g, input(g, 0, d), mul(g, prod, input(g, 3, d))));
        });
        t.add("aten::lerp.Scalar", 7, g -> {
            DType d = outDtype(g, 0);
            Value self = input(g, 0, d);
            return one(add(g, self, mul(g, sub(g, input(g, 1, d), self), input(g, 2, d))));
        });
        t.add("aten::where.self", 7, ArithmeticSymbolics::where);
        t.add("aten::where.ScalarOther", 7, ArithmeticSymbolics::where);
        t.add("aten::masked_fill.Scalar", 7, g -> {
            DType d = outDtype(g, 0);
            Object v = g.constant(2);
            if (g.opset() < 9 && v instanceof Double x && !Double.isFinite(x)) {
                throw OnnxOps.notExpressible(g, "masked_fill with a non-finite value needs Where", 9);
            }
            return one(OnnxOps.where(g, g.input(1), scalar(g, v, d), input(g, 0, d)));
        });
    }

    /** Operand 0 cast to the traced result dtype. */
    private static Value a(SymbolicContext g) { return input(g, 0, outDtype(g, 0)); }

    /** Operand 1 (tensor or scalar) cast to the traced result dtype. */
    private static Value b(SymbolicContext g) { return input(g, 1, outDtype(g, 0)); }

    /** self ± alpha * other; reversed: other - alpha * self. */
    private static Value addSub(SymbolicContext g, boolean subtract, boolean reversed) {
        DType d = outDtype(g, 0);
        Value self = a(g), other = b(g);
        Object alpha = g.constant(2);
        Value scaled = reversed ? self : other;
        if (((Number) alpha).doubleValue() != 1) scaled = mul(g, scaled, scalar(g, alpha, d));
        Value first = reversed ? other : self;
        if (d == DType.BOOL) return subtract ? first : OnnxOps.or(g, first, scaled);
        return subtract ? sub(g, first, scaled) : add(g, first, scaled);
    }

    private static Value[] mulOp(SymbolicContext g) {
        if (outDtype(g, 0) == DType.BOOL) return one(OnnxOps.and(g, a(g), b(g)));
        return one(mul(g, a(g), b(g)));
    }

    /** None: true division (floating result); "trunc" and "floor" keep the promoted dtype. */
    private static Value divMode(SymbolicContext g, String mode) {
        if (mode == null) return div(g, a(g), b(g));
        Value x = a(g), y = b(g);
        boolean fp = dtype(g, x).isFloatingPoint();
        return switch (mode) {
            case "trunc" -> fp ? OnnxOps.trunc(g, div(g, x, y)) : div(g, x, y);
            case "floor" -> OnnxOps.floorDiv(g, x, y);
            default -> throw g.error("rounding_mode '" + mode + "' is not one of None, 'trunc', 'floor'", "use one of them");
        };
    }

    /** Python remainder (sign of the divisor): a - floor(a / b) * b; integers with Mod (fmod=0) from opset 10. */
    private static Value remainder(SymbolicContext g) {
        Value x = a(g), y = b(g);
        if (!dtype(g, x).isFloatingPoint() && g.opset() >= 10) return g.op("Mod", x, y).attr("fmod", 0L).output();
        return sub(g, x, mul(g, OnnxOps.floorDiv(g, x, y), y));
    }

    /** C remainder (sign of the dividend): Mod with fmod=1 from opset 10, else a - trunc(a / b) * b. */
    private static Value fmod(SymbolicContext g) {
        Value x = a(g), y = b(g);
        if (g.opset() >= 10) return g.op("Mod", x, y).attr("fmod", 1L).output();
        Value q = dtype(g, x).isFloatingPoint() ? OnnxOps.trunc(g, div(g, x, y)) : div(g, x, y);
        return sub(g, x, mul(g, q, y));
    }

    /** Pow in the result dtype; integer powers before opset 12 go through float64 (exact below 2^53). */
    private static Value[] pow(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value x = a(g), e = b(g);
        if (g.isConstant(1) && g.constant(1) instanceof Number n && n.doubleValue() == 2) return one(mul(g, x, x));
        if (OnnxOps.accepts(g, "Pow", 0, d)) return one(g.op("Pow", x, e).output());
        DType c = OnnxOps.computeType(g, "Pow", d);
        return one(cast(g, g.op("Pow", cast(g, x, c), cast(g, e, c)).output(), d));
    }

    /** atan(y/x) plus pi with the sign of y where x < 0. */
    private static Value[] atan2(SymbolicContext g) {
        DType d = outDtype(g, 0);
        Value y = a(g), x = b(g);
        Value base = g.op("Atan", div(g, y, x)).output();
        Value zero = scalar(g, 0.0, d);
        Value xNeg = cast(g, OnnxOps.less(g, x, zero), d);
        Value yNeg = cast(g, OnnxOps.less(g, y, zero), d);
        Value turn = sub(g, scalar(g, Math.PI, d), mul(g, yNeg, scalar(g, 2 * Math.PI, d)));
        return one(add(g, base, mul(g, xNeg, turn)));
    }

    private static Value[] where(SymbolicContext g) {
        DType d = outDtype(g, 0);
        return one(OnnxOps.where(g, g.input(0), input(g, 1, d), input(g, 2, d)));
    }
}
