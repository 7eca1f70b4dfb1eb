package dev.onnxport.ops.aten;

import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/** Aten ops: unary math (abs, exp, sin, floor, isnan, ...), one schema each. */
final class ElementwiseUnary {
    private ElementwiseUnary() {}

    static void register(OpRegistry r) {
        // integer inputs give float32, as in PyTorch
        floating(r, "exp", Math::exp);
        floating(r, "log", Math::log);
        floating(r, "sqrt", Math::sqrt);
        floating(r, "rsqrt", x -> 1 / Math.sqrt(x));
        floating(r, "reciprocal", x -> 1 / x);
        floating(r, "sin", Math::sin);
        floating(r, "cos", Math::cos);
        floating(r, "erf", ElementwiseMath::erf);
        floating(r, "atan", Math::atan);
        floating(r, "acos", Math::acos);
        floating(r, "asin", Math::asin);
        floating(r, "tan", Math::tan);
        floating(r, "log10", Math::log10);
        floating(r, "log2", x -> Math.log(x) / Math.log(2));
        floating(r, "log1p", Math::log1p);
        floating(r, "expm1", Math::expm1);
        floating(r, "cosh", Math::cosh);
        floating(r, "sinh", Math::sinh);
        floating(r, "exp2", x -> Math.pow(2, x));
        floating(r, "log_sigmoid", x -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))));
        register(r, "tanh", TypePromotion::toFloating, x -> ElementwiseActivations.hot("aten::tanh", x, ElementwiseActivations.Hot.TANH));
        register(r, "sigmoid", TypePromotion::toFloating,
                x -> ElementwiseActivations.hot("aten::sigmoid", x, ElementwiseActivations.Hot.SIGMOID));
        // dtype kept; integers computed exactly
        sameType(r, "abs", Math::abs, Math::abs);
        sameType(r, "neg", x -> -x, x -> -x);
        sameType(r, "floor", Math::floor, x -> x);
        sameType(r, "ceil", Math::ceil, x -> x);
        sameType(r, "round", Math::rint, x -> x);   // rint rounds half to even, as torch.round does
        sameType(r, "square", x -> x * x, x -> x * x);
        sameType(r, "trunc", x -> x < 0 ? Math.ceil(x) : Math.floor(x), x -> x);
        sameType(r, "fix", x -> x < 0 ? Math.ceil(x) : Math.floor(x), x -> x);
        sameType(r, "sign", x -> (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0), Long::signum);
        register(r, "isnan", d -> DType.BOOL, x -> ElementwiseKernels.unary("aten::isnan", x, x.dtype(), DType.BOOL,
                v -> Double.isNaN(v) ? 1 : 0, v -> 0));
        register(r, "isinf", d -> DType.BOOL, x -> ElementwiseKernels.unary("aten::isinf", x, x.dtype(), DType.BOOL,
                v -> Double.isInfinite(v) ? 1 : 0, v -> 0));
        register(r, "isfinite", d -> DType.BOOL, x -> ElementwiseKernels.unary("aten::isfinite", x, x.dtype(), DType.BOOL,
                v -> Double.isFinite(v) ? 1 : 0, v -> 1));
        register(r, "logical_not", d -> DType.BOOL,
                x -> ElementwiseKernels.unary("aten::logical_not", x, DType.BOOL, DType.BOOL, null, v -> v ^ 1));
        register(r, "bitwise_not", d -> d, x -> {
            if (x.dtype().isFloatingPoint()) throw ElementwiseKernels.unsupported("aten::bitwise_not", x.dtype());
            LongUnaryOperator f = x.dtype().isBool() ? v -> v ^ 1 : v -> ~v;
            return ElementwiseKernels.unary("aten::bitwise_not", x, x.dtype(), x.dtype(), null, f);
        });
    }

    private static void floating(OpRegistry r, String name, DoubleUnaryOperator f) {
        register(r, name, TypePromotion::toFloating, x -> {
            DType out = TypePromotion.toFloating(x.dtype());
            return ElementwiseKernels.unary("aten::" + name, x, out, out, f, null);
        });
    }

    private static void sameType(OpRegistry r, String name, DoubleUnaryOperator fd, LongUnaryOperator fl) {
        register(r, name, d -> d, x -> ElementwiseKernels.unary("aten::" + name, x, x.dtype(), x.dtype(), fd, fl));
    }

    /** Registers {@code aten::name(Tensor self) -> Tensor} with the given result dtype rule and kernel. */
    static void register(OpRegistry r, String name, UnaryOperator<DType> dtype, Function<Tensor, Tensor> kernel) {
        r.register("aten::" + name + "(Tensor self) -> Tensor",
                Kernel.single(a -> kernel.apply(a.tensor(0))),
                ShapeRule.single(a -> Tensor.meta(dtype.apply(a.tensor(0).dtype()), a.tensor(0).shape())));
    }
}
