package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ElementwiseKernels.binary;
import static dev.onnxport.ops.aten.ElementwiseKernels.broadcastShape;
import static dev.onnxport.ops.aten.ElementwiseLoops.scalarTensor;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.ElementwiseKernels.Arith;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;

/**
 * Aten ops: binary elementwise arithmetic, comparisons, logical ops, where/masked_fill. Unary math is in
 * {@link ElementwiseUnary}, activations in {@link ElementwiseActivations}. Scalar overloads turn the
 * Scalar into a 0-d tensor of the result's computation dtype, which is how PyTorch casts it.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    public static void register(OpRegistry r) {
        ElementwiseUnary.register(r);
        ElementwiseActivations.register(r);
        registerArithmetic(r);
        registerComparisons(r);
        registerSelection(r);
    }

    // ---- arithmetic ------------------------------------------------------------------------------

    private static void registerArithmetic(OpRegistry r) {
        r.register("aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
                k(a -> addSub("aten::add", a.tensor(0), a.tensor(1), a.scalar(2), false)), promoted());
        r.register("aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
                k(a -> addSub("aten::add", a.tensor(0), a.scalar(1), a.scalar(2), false)), promoted());
        r.register("aten::sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
                k(a -> addSub("aten::sub", a.tensor(0), a.tensor(1), a.scalar(2), true)), promoted());
        r.register("aten::sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
                k(a -> addSub("aten::sub", a.tensor(0), a.scalar(1), a.scalar(2), true)), promoted());
        r.register("aten::rsub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
                k(a -> addSub("aten::rsub", a.scalar(1), a.tensor(0), a.scalar(2), true)), promoted());
        r.register("aten::mul.Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> mul(a.tensor(0), a.tensor(1))), promoted());
        r.register("aten::mul.Scalar(Tensor self, Scalar other) -> Tensor",
                k(a -> mul(a.tensor(0), a.scalar(1))), promoted());
        r.register("aten::div.Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> trueDiv(a.tensor(0), a.tensor(1))), floatingResult());
        r.register("aten::true_divide.Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> trueDiv(a.tensor(0), a.tensor(1))), floatingResult());
        r.register("aten::div.Scalar(Tensor self, Scalar other) -> Tensor",
                k(a -> trueDiv(a.tensor(0), a.scalar(1))), floatingResult());
        r.register("aten::div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor",
                k(a -> divMode(a.tensor(0), a.tensor(1), (String) a.raw(2))),
                rule(a -> a.raw(2) == null ? TypePromotion.toFloating(promote(a)) : promote(a)));
        r.register("aten::floor_divide(Tensor self, Tensor other) -> Tensor",
                k(a -> divMode(a.tensor(0), a.tensor(1), "floor")), promoted());
        r.register("aten::remainder.Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> intOrFloat("aten::remainder", a, ElementwiseMath::remainder, (x, y) -> {
                    checkNonZero("aten::remainder", y);
                    return ElementwiseMath.remainder(x, y);
                })), promoted());
        r.register("aten::fmod.Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> intOrFloat("aten::fmod", a, (x, y) -> x % y, (x, y) -> {
                    checkNonZero("aten::fmod", y);
                    return x % y;
                })), promoted());
        r.register("aten::pow.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor",
                k(a -> pow(a.tensor(0), a.scalar(1))), promoted());
        r.register("aten::pow.Tensor_Tensor(Tensor self, Tensor exponent) -> Tensor",
                k(a -> pow(a.tensor(0), a.tensor(1))), promoted());
        r.register("aten::minimum(Tensor self, Tensor other) -> Tensor",
                k(a -> intOrFloat("aten::minimum", a, Math::min, Math::min)), promoted());
        r.register("aten::maximum(Tensor self, Tensor other) -> Tensor",
                k(a -> intOrFloat("aten::maximum", a, Math::max, Math::max)), promoted());
        r.register("aten::atan2(Tensor self, Tensor other) -> Tensor", k(a -> {
            DType out = TypePromotion.toFloating(promote(a));
            return binary("aten::atan2", a.tensor(0), a.tensor(1), out, out, Math::atan2, null);
        }), floatingResult());
        r.register("aten::addcmul(Tensor self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor", k(a -> {
            DType out = TypePromotion.resultType(a.tensor(0), a.tensor(1), a.tensor(2));
            checkAlpha("aten::addcmul", "value", out, a.scalar(3));
            double v = a.real(3);
            long lv = a.scalar(3) instanceof Double ? 0 : (long) v;
            return ElementwiseKernels.ternary("aten::addcmul", a.tensor(0), a.tensor(1), a.tensor(2), out, out,
                    (x, y, z) -> x + v * y * z, (x, y, z) -> x + lv * y * z);
        }), rule(a -> TypePromotion.resultType(a.tensor(0), a.tensor(1), a.tensor(2)),
                a -> broadcastShape("aten::addcmul", a.tensor(0), a.tensor(1), a.tensor(2))));
        r.register("aten::lerp.Scalar(Tensor self, Tensor end, Scalar weight) -> Tensor", k(a -> {
            DType dt = lerpDtype(a);
            double w = a.real(2);
            return binary("aten::lerp", a.tensor(0), a.tensor(1), dt, dt, (x, y) -> ElementwiseMath.lerp(x, y, w), null);
        }), rule(ElementwiseOps::lerpDtype, a -> broadcastShape("aten::lerp", a.tensor(0), a.tensor(1))));
    }

    /** add and sub (and rsub, with the operands swapped): {@code self ± alpha * other}. */
    private static Tensor addSub(String op, Object self, Object other, Object alpha, boolean subtract) {
        DType out = TypePromotion.resultType(self, other);
        if (subtract && out.isBool()) {
            throw new IllegalArgumentException(op + ": subtraction with bool tensors is not supported; use logical_xor or ~");
        }
        checkAlpha(op, "alpha", out, alpha);
        Tensor x = asTensor(self, out), y = asTensor(other, out);
        double al = alpha instanceof Boolean b ? (b ? 1 : 0) : ((Number) alpha).doubleValue();
        if (out == DType.FLOAT32) return ElementwiseKernels.arithF32(op, subtract ? Arith.SUB : Arith.ADD, x, y, al);
        double s = subtract ? -al : al;
        long ls = (long) s;
        return binary(op, x, y, out, out, (p, q) -> p + s * q, (p, q) -> p + ls * q);
    }

    private static Tensor mul(Tensor self, Object other) {
        DType out = TypePromotion.resultType(self, other);
        Tensor y = asTensor(other, out);
        if (out == DType.FLOAT32) return ElementwiseKernels.arithF32("aten::mul", Arith.MUL, self, y, 1);
        if (out.isBool()) return binary("aten::mul", self, y, out, out, null, (p, q) -> p & q);
        return binary("aten::mul", self, y, out, out, (p, q) -> p * q, (p, q) -> p * q);
    }

    /** True division: integers divide as floats. */
    private static Tensor trueDiv(Tensor self, Object other) {
        DType out = TypePromotion.toFloating(TypePromotion.resultType(self, other));
        Tensor y = asTensor(other, out);
        if (out == DType.FLOAT32) return ElementwiseKernels.arithF32("aten::div", Arith.DIV, self, y, 1);
        return binary("aten::div", self, y, out, out, (p, q) -> p / q, null);
    }

    private static Tensor divMode(Tensor self, Tensor other, String mode) {
        if (mode == null) return trueDiv(self, other);
        String op = "aten::div";
        DType out = TypePromotion.resultType(self, other);
        switch (mode) {
            case "trunc":
                return binary(op, self, other, out, out, (p, q) -> truncate(p / q), (p, q) -> {
                    checkNonZero(op, q);
                    return p / q;
                });
            case "floor":
                return binary(op, self, other, out, out, ElementwiseMath::floorDiv, (p, q) -> {
                    checkNonZero(op, q);
                    return Math.floorDiv(p, q);
                });
            default:
                throw new IllegalArgumentException(op + ": argument 'rounding_mode' must be None, 'trunc' or 'floor', got '"
                        + mode + "'");
        }
    }

    private static double truncate(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    private static Tensor pow(Tensor self, Object exponent) {
        DType out = TypePromotion.resultType(self, exponent);
        return binary("aten::pow", self, asTensor(exponent, out), out, out, Math::pow, ElementwiseMath::powInt);
    }

    /** A binary op of two tensor args with the promoted dtype, in double or long. */
    private static Tensor intOrFloat(String op, Args a, DoubleBinaryOperator fd, LongBinaryOperator fl) {
        DType out = promote(a);
        return binary(op, a.tensor(0), a.tensor(1), out, out, fd, fl);
    }

    private static DType lerpDtype(Args a) {
        Tensor self = a.tensor(0), end = a.tensor(1);
        if (self.dtype() != end.dtype()) {
            throw new IllegalArgumentException("aten::lerp: expected dtype " + self.dtype().torchName()
                    + " for argument 'end' but got " + end.dtype().torchName());
        }
        ElementwiseKernels.requireFloating("aten::lerp", self);
        return self.dtype();
    }

    // ---- comparisons and logical ops -------------------------------------------------------------

    private interface Compare { boolean test(double x, double y); }

    private static void registerComparisons(OpRegistry r) {
        comparison(r, "eq", (x, y) -> x == y);
        comparison(r, "ne", (x, y) -> x != y);
        comparison(r, "lt", (x, y) -> x < y);
        comparison(r, "le", (x, y) -> x <= y);
        comparison(r, "gt", (x, y) -> x > y);
        comparison(r, "ge", (x, y) -> x >= y);
        logical(r, "aten::logical_and(Tensor self, Tensor other) -> Tensor", (x, y) -> x & y);
        logical(r, "aten::logical_or(Tensor self, Tensor other) -> Tensor", (x, y) -> x | y);
        logical(r, "aten::logical_xor(Tensor self, Tensor other) -> Tensor", (x, y) -> x ^ y);
        r.register("aten::bitwise_and.Tensor(Tensor self, Tensor other) -> Tensor", k(a -> {
            DType out = promote(a);
            if (out.isFloatingPoint()) throw ElementwiseKernels.unsupported("aten::bitwise_and", out);
            return binary("aten::bitwise_and", a.tensor(0), a.tensor(1), out, out, null, (x, y) -> x & y);
        }), promoted());
        bitwise(r, "bitwise_or", (x, y) -> x | y);
        bitwise(r, "bitwise_xor", (x, y) -> x ^ y);
    }

    /** bitwise_or/xor.Tensor: bools and integers. */
    private static void bitwise(OpRegistry r, String name, LongBinaryOperator f) {
        r.register("aten::" + name + ".Tensor(Tensor self, Tensor other) -> Tensor", k(a -> {
            DType out = promote(a);
            if (out.isFloatingPoint()) throw ElementwiseKernels.unsupported("aten::" + name, out);
            return binary("aten::" + name, a.tensor(0), a.tensor(1), out, out, null, f);
        }), promoted());
    }

    /** Registers {@code name.Tensor} and {@code name.Scalar}; both compare in the promoted dtype. */
    private static void comparison(OpRegistry r, String name, Compare c) {
        String op = "aten::" + name;
        ShapeRule rule = rule(a -> DType.BOOL, a -> broadcastShape(op, a.tensor(0), shapeOnly(a.raw(1))));
        r.register(op + ".Tensor(Tensor self, Tensor other) -> Tensor",
                k(a -> compare(op, a.tensor(0), a.tensor(1), c)), rule);
        r.register(op + ".Scalar(Tensor self, Scalar other) -> Tensor",
                k(a -> compare(op, a.tensor(0), a.scalar(1), c)), rule);
    }

    private static Tensor compare(String op, Tensor self, Object other, Compare c) {
        DType compute = TypePromotion.resultType(self, other);
        Tensor y = asTensor(other, compute);
        if (compute.isFloatingPoint()) {
            return binary(op, self, y, compute, DType.BOOL, (p, q) -> c.test(p, q) ? 1 : 0, null);
        }
        // exact integer comparison: map the result of Long.compare onto the double predicate
        return binary(op, self, y, compute, DType.BOOL, null, (p, q) -> c.test(Long.compare(p, q), 0) ? 1 : 0);
    }

    private static void logical(OpRegistry r, String schema, LongBinaryOperator f) {
        String op = schema.substring(0, schema.indexOf('('));
        r.register(schema, k(a -> binary(op, a.tensor(0), a.tensor(1), DType.BOOL, DType.BOOL, null, f)),
                rule(a -> DType.BOOL, a -> broadcastShape(op, a.tensor(0), a.tensor(1))));
    }

    // ---- where and masked_fill -------------------------------------------------------------------

    private static void registerSelection(OpRegistry r) {
        r.register("aten::where.self(Tensor condition, Tensor self, Tensor other) -> Tensor",
                k(a -> where(a.tensor(0), a.tensor(1), a.raw(2))), whereRule());
        r.register("aten::where.ScalarOther(Tensor condition, Tensor self, Scalar other) -> Tensor",
                k(a -> where(a.tensor(0), a.tensor(1), a.raw(2))), whereRule());
        r.register("aten::masked_fill.Scalar(Tensor self, Tensor mask, Scalar value) -> Tensor",
                k(a -> maskedFill(a.tensor(0), a.tensor(1), a.scalar(2))),
                rule(a -> checkMask(a.tensor(0), a.tensor(1)),
                        a -> broadcastShape("aten::masked_fill", a.tensor(0), a.tensor(1))));
    }

    private static ShapeRule whereRule() {
        return rule(a -> whereDtype(a.tensor(0), a.tensor(1), a.raw(2)),
                a -> broadcastShape("aten::where", a.tensor(0), a.tensor(1), shapeOnly(a.raw(2))));
    }

    private static DType whereDtype(Tensor cond, Tensor self, Object other) {
        if (cond.dtype() != DType.BOOL && cond.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("aten::where: argument 'condition' must be a bool tensor, got "
                    + cond.dtype().torchName());
        }
        return TypePromotion.resultType(self, other);
    }

    private static Tensor where(Tensor cond, Tensor self, Object other) {
        DType out = whereDtype(cond, self, other);
        return ElementwiseKernels.ternary("aten::where", cond, self, asTensor(other, out), out, out,
                (c, x, y) -> c != 0 ? x : y, (c, x, y) -> c != 0 ? x : y);
    }

    private static DType checkMask(Tensor self, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("aten::masked_fill: argument 'mask' must be a bool tensor, got "
                    + mask.dtype().torchName());
        }
        return self.dtype();
    }

    private static Tensor maskedFill(Tensor self, Tensor mask, Object value) {
        DType dt = checkMask(self, mask);
        Tensor v = scalarTensor(value, dt);
        ElementwiseLoops it = new ElementwiseLoops(broadcastShape("aten::masked_fill", self, mask), self.shape(), mask.shape());
        if (dt == DType.FLOAT32) {   // attention masks: plain loops over float[]
            float[] x = self.floats(), m = mask.floats();
            float fill = (float) v.item();
            float[] o = new float[it.numel];
            int sx = it.stride[0], sm = it.stride[1];
            it.forEachRow((oo, len, off) -> {
                for (int i = 0; i < len; i++) o[oo + i] = m[off[1] + i * sm] != 0 ? fill : x[off[0] + i * sx];
            });
            return Tensor.of(o, it.shape);
        }
        return ElementwiseKernels.ternary("aten::masked_fill", mask, self, v, dt, dt,
                (c, x, y) -> c != 0 ? y : x, (c, x, y) -> c != 0 ? y : x);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A Tensor argument as is, a Scalar as a 0-d tensor of {@code dtype}. */
    static Tensor asTensor(Object v, DType dtype) {
        return v instanceof Tensor t ? t : scalarTensor(v, dtype);
    }

    /** For shape rules: a Tensor argument, or a Scalar as a 0-d meta tensor (its value does not matter). */
    private static Tensor shapeOnly(Object v) {
        return v instanceof Tensor t ? t : Tensor.meta(DType.BOOL);
    }

    /** PyTorch rejects a float alpha (or value) when the result is integral. */
    private static void checkAlpha(String op, String name, DType out, Object alpha) {
        if (!out.isFloatingPoint() && alpha instanceof Double) {
            throw new IllegalArgumentException(op + ": argument '" + name + "' must not be a floating point number for "
                    + out.torchName() + " tensors");
        }
    }

    private static void checkNonZero(String op, long divisor) {
        if (divisor == 0) throw new ArithmeticException(op + ": integer division by zero (ZeroDivisionError)");
    }

    /** The promoted dtype of arguments 0 and 1 (tensors or scalars). */
    private static DType promote(Args a) {
        return TypePromotion.resultType(a.raw(0), a.raw(1));
    }

    private static Kernel k(Function<Args, Tensor> f) { return Kernel.single(f); }

    private static ShapeRule rule(Function<Args, DType> dtype, Function<Args, long[]> shape) {
        return ShapeRule.single(a -> Tensor.meta(dtype.apply(a), shape.apply(a)));
    }

    /** Broadcast of arguments 0 and 1 (a Scalar counts as 0-d). */
    private static ShapeRule rule(Function<Args, DType> dtype) {
        return rule(dtype, a -> broadcastShape(a.op().qualifiedName(), shapeOnly(a.raw(0)),
                shapeOnly(a.raw(1))));
    }

    private static ShapeRule promoted() { return rule(ElementwiseOps::promote); }

    private static ShapeRule floatingResult() { return rule(a -> TypePromotion.toFloating(promote(a))); }
}
