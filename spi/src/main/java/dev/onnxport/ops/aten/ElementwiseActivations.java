package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.ElementwiseKernels.requireFloating;
import static dev.onnxport.ops.aten.ElementwiseKernels.unary;

import dev.onnxport.kernels.FloatKernels;
import dev.onnxport.kernels.Parallel;
import dev.onnxport.ops.Args;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.TypePromotion;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/** Aten ops: activation functions, clamp, prelu and glu. */
final class ElementwiseActivations {
    private ElementwiseActivations() {}

    /** Activations the eager models run most; each has its own float32 loop. */
    enum Hot {
        RELU(ElementwiseMath::relu), GELU(ElementwiseMath::gelu), GELU_TANH(ElementwiseMath::geluTanh),
        SIGMOID(ElementwiseMath::sigmoid), TANH(Math::tanh), SILU(x -> x * ElementwiseMath.sigmoid(x));

        final DoubleUnaryOperator f;

        Hot(DoubleUnaryOperator f) { this.f = f; }
    }

    static void register(OpRegistry r) {
        r.register("aten::relu(Tensor self) -> Tensor", k(a -> hot("aten::relu", a.tensor(0), Hot.RELU)), sameRule());
        r.register("aten::silu(Tensor self) -> Tensor", k(a -> hot("aten::silu", a.tensor(0), Hot.SILU)), sameRule());
        r.register("aten::gelu(Tensor self, *, str approximate=\"none\") -> Tensor", k(a -> {
            String mode = a.string(1);
            if (!mode.equals("none") && !mode.equals("tanh")) {
                throw new IllegalArgumentException("aten::gelu: argument 'approximate' must be 'none' or 'tanh', got '" + mode + "'");
            }
            return hot("aten::gelu", a.tensor(0), mode.equals("tanh") ? Hot.GELU_TANH : Hot.GELU);
        }), sameRule());
        r.register("aten::relu6(Tensor self) -> Tensor", k(a -> clamp("aten::relu6", a.tensor(0), 0L, 6L)), sameRule());
        r.register("aten::hardtanh(Tensor self, Scalar min_val=-1, Scalar max_val=1) -> Tensor",
                k(a -> clamp("aten::hardtanh", a.tensor(0), a.scalar(1), a.scalar(2))), sameRule());
        r.register("aten::clamp(Tensor self, Scalar? min=None, Scalar? max=None) -> Tensor",
                k(a -> clamp("aten::clamp", a.tensor(0), a.scalar(1), a.scalar(2))),
                ShapeRule.single(a -> Tensor.meta(clampDtype("aten::clamp", a.tensor(0), a.scalar(1), a.scalar(2)),
                        a.tensor(0).shape())));
        r.register("aten::clamp_min(Tensor self, Scalar min) -> Tensor",
                k(a -> clamp("aten::clamp_min", a.tensor(0), a.scalar(1), null)),
                ShapeRule.single(a -> Tensor.meta(clampDtype("aten::clamp_min", a.tensor(0), a.scalar(1), null), a.tensor(0).shape())));
        r.register("aten::clamp_max(Tensor self, Scalar max) -> Tensor",
                k(a -> clamp("aten::clamp_max", a.tensor(0), null, a.scalar(1))),
                ShapeRule.single(a -> Tensor.meta(clampDtype("aten::clamp_max", a.tensor(0), null, a.scalar(1)), a.tensor(0).shape())));
        r.register("aten::clamp.Tensor(Tensor self, Tensor? min=None, Tensor? max=None) -> Tensor", k(a -> {
            if (a.isNone(1) && a.isNone(2)) throw new IllegalArgumentException("aten::clamp: at least one of 'min' or 'max' must not be None");
            Tensor x = a.tensor(0);
            if (!a.isNone(1)) x = AtenOps.call("aten::maximum", x, a.tensor(1));
            if (!a.isNone(2)) x = AtenOps.call("aten::minimum", x, a.tensor(2));
            return x;
        }), ShapeRule.single(a -> {
            Tensor x = a.tensor(0);
            if (!a.isNone(1)) x = AtenOps.call("aten::maximum", x, a.tensor(1));
            if (!a.isNone(2)) x = AtenOps.call("aten::minimum", x, a.tensor(2));
            return x;
        }));
        r.register("aten::nan_to_num(Tensor self, float? nan=None, float? posinf=None, float? neginf=None) -> Tensor", k(a -> {
            Tensor x = a.tensor(0);
            if (!x.dtype().isFloatingPoint()) return AtenOps.call("aten::clone", x);
            double big = x.dtype() == DType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
            double nan = a.isNone(1) ? 0 : a.real(1);
            double pinf = a.isNone(2) ? big : a.real(2), ninf = a.isNone(3) ? -big : a.real(3);
            return unary("aten::nan_to_num", x, x.dtype(), x.dtype(),
                    v -> Double.isNaN(v) ? nan : v == Double.POSITIVE_INFINITY ? pinf : v == Double.NEGATIVE_INFINITY ? ninf : v, null);
        }), sameRule());
        r.register("aten::threshold(Tensor self, Scalar threshold, Scalar value) -> Tensor", k(a -> {
            Tensor x = a.tensor(0);
            double th = a.real(1), v = a.real(2);
            long lth = (long) th, lv = (long) v;
            return unary("aten::threshold", x, x.dtype(), x.dtype(), z -> z <= th ? v : z, z -> z <= lth ? lv : z);
        }), sameRule());

        floatOnly(r, "aten::leaky_relu(Tensor self, Scalar negative_slope=0.01) -> Tensor", a -> {
            double s = a.real(1);
            return x -> x > 0 ? x : x * s;
        });
        floatOnly(r, "aten::softshrink(Tensor self, Scalar lambd=0.5) -> Tensor", a -> {
            double l = a.real(1);
            return x -> x > l ? x - l : x < -l ? x + l : 0 * x;
        });
        floatOnly(r, "aten::hardshrink(Tensor self, Scalar lambd=0.5) -> Tensor", a -> {
            double l = a.real(1);
            return x -> x > l || x < -l ? x : 0 * x;
        });
        // eval mode only: the slope is the mean of the bounds (training draws it at random)
        floatOnly(r, "aten::rrelu(Tensor self, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, "
                + "Generator? generator=None) -> Tensor", a -> {
            if (a.bool(3)) throw new IllegalArgumentException("aten::rrelu: training=True (random slopes) is not supported; use eval mode");
            double s = (a.real(1) + a.real(2)) / 2;
            return x -> x >= 0 ? x : x * s;
        });
        floatOnly(r, "aten::elu(Tensor self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1) -> Tensor",
                a -> elu(a.real(1), a.real(2), a.real(3)));
        floatOnly(r, "aten::selu(Tensor self) -> Tensor", a -> elu(ElementwiseMath.SELU_ALPHA, ElementwiseMath.SELU_SCALE, 1));
        floatOnly(r, "aten::celu(Tensor self, Scalar alpha=1.) -> Tensor", a -> elu(a.real(1), 1, 1 / a.real(1)));
        floatOnly(r, "aten::mish(Tensor self) -> Tensor", a -> x -> x * Math.tanh(Math.log1p(Math.exp(x))));
        floatOnly(r, "aten::hardsigmoid(Tensor self) -> Tensor", a -> x -> Math.min(Math.max(x + 3, 0), 6) / 6);
        floatOnly(r, "aten::hardswish(Tensor self) -> Tensor", a -> x -> x * Math.min(Math.max(x + 3, 0), 6) / 6);
        floatOnly(r, "aten::softplus(Tensor self, Scalar beta=1, Scalar threshold=20) -> Tensor", a -> {
            double beta = a.real(1), th = a.real(2);
            return x -> x * beta > th ? x : Math.log1p(Math.exp(x * beta)) / beta;
        });
        floatOnly(r, "aten::logit(Tensor self, float? eps=None) -> Tensor", a -> {
            Double eps = a.optReal(1);
            if (eps == null) return x -> Math.log(x / (1 - x));
            double lo = eps, hi = 1 - eps;
            return x -> {
                double z = x < lo ? lo : x > hi ? hi : x;
                return Math.log(z / (1 - z));
            };
        });

        r.register("aten::prelu(Tensor self, Tensor weight) -> Tensor", k(a -> {
            Tensor x = a.tensor(0);
            requireFloating("aten::prelu", x);
            Tensor w = preluWeight(x, a.tensor(1));
            return ElementwiseKernels.binary("aten::prelu", x, w, x.dtype(), x.dtype(), (v, s) -> v > 0 ? v : s * v, null);
        }), ShapeRule.single(a -> {
            preluWeight(a.tensor(0), a.tensor(1));
            return a.tensor(0).toMeta();
        }));
        r.register("aten::glu(Tensor self, int dim=-1) -> Tensor", k(a -> {
            Tensor[] halves = gluHalves(a.tensor(0), a.integer(1));
            requireFloating("aten::glu", a.tensor(0));
            DType dt = a.tensor(0).dtype();
            return ElementwiseKernels.binary("aten::glu", halves[0], halves[1], dt, dt,
                    (p, q) -> p * ElementwiseMath.sigmoid(q), null);
        }), ShapeRule.single(a -> gluHalves(a.tensor(0), a.integer(1))[0].toMeta()));
    }

    /** relu, gelu, silu, sigmoid, tanh: float32 in a loop of its own, other dtypes through the generic map. */
    static Tensor hot(String op, Tensor x, Hot h) {
        if (x.dtype() != DType.FLOAT32) {
            if (h == Hot.RELU) return unary(op, x, x.dtype(), x.dtype(), ElementwiseMath::relu, v -> Math.max(v, 0));
            if (h != Hot.TANH && h != Hot.SIGMOID) requireFloating(op, x);
            DType out = TypePromotion.toFloating(x.dtype());
            return unary(op, x, out, out, h.f, null);
        }
        float[] a = x.floats();
        float[] o = new float[a.length];
        switch (h) {
            case RELU -> Parallel.range(a.length, 1024, a.length, 1 << 16, (lo, hi) -> FloatKernels.relu(a, o, lo, hi));
            // the costliest activations (an exp per element): float32 in FloatKernels, split over cores
            case GELU -> Parallel.range(a.length, 1024, a.length, 1 << 14, (lo, hi) -> FloatKernels.gelu(a, o, lo, hi));
            case GELU_TANH -> Parallel.range(a.length, 1024, a.length, 1 << 14, (lo, hi) -> FloatKernels.geluTanh(a, o, lo, hi));
            case SIGMOID -> { for (int i = 0; i < a.length; i++) o[i] = (float) ElementwiseMath.sigmoid(a[i]); }
            case TANH -> { for (int i = 0; i < a.length; i++) o[i] = (float) Math.tanh(a[i]); }
            case SILU -> { for (int i = 0; i < a.length; i++) o[i] = (float) (a[i] * ElementwiseMath.sigmoid(a[i])); }
        }
        return Tensor.of(o, x.shape());
    }

    private static DoubleUnaryOperator elu(double alpha, double scale, double inputScale) {
        return x -> x <= 0 ? Math.expm1(x * inputScale) * alpha * scale : x * scale;
    }

    private static DType clampDtype(String op, Tensor x, Object min, Object max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException(op + ": at least one of 'min' or 'max' must not be None");
        }
        return TypePromotion.resultType(x, min, max);
    }

    /** min(max(x, min), max), NaN-propagating; a None bound is not applied. */
    private static Tensor clamp(String op, Tensor x, Object min, Object max) {
        DType out = clampDtype(op, x, min, max);
        if (out.isFloatingPoint()) {
            double lo = min == null ? Double.NEGATIVE_INFINITY : ((Number) min).doubleValue();
            double hi = max == null ? Double.POSITIVE_INFINITY : ((Number) max).doubleValue();
            return unary(op, x, out, out, v -> Math.min(Math.max(v, lo), hi), null);
        }
        long lo = min == null ? Long.MIN_VALUE : ((Number) min).longValue();
        long hi = max == null ? Long.MAX_VALUE : ((Number) max).longValue();
        return unary(op, x, out, out, null, v -> Math.min(Math.max(v, lo), hi));
    }

    /** The prelu weight as a view that broadcasts along the channel dim (dim 1) of {@code x}. */
    private static Tensor preluWeight(Tensor x, Tensor w) {
        long channels = x.dim() >= 2 ? x.size(1) : 1;
        long n = w.numel();
        if (w.dim() > 1 || (n != 1 && n != channels)) {
            throw new IllegalArgumentException("aten::prelu: argument 'weight' must be 1-D with 1 or " + channels
                    + " elements (the channels of 'self'), got shape " + Arrays.toString(w.shape()));
        }
        if (n == 1) return w.asStrided(new long[0], new long[0], w.offset());
        long[] shape = new long[x.dim() - 1];
        long[] strides = new long[shape.length];
        Arrays.fill(shape, 1);
        shape[0] = channels;
        strides[0] = w.stride(0);
        return w.asStrided(shape, strides, w.offset());
    }

    /** The two halves of {@code x} along {@code dim}, as views. */
    private static Tensor[] gluHalves(Tensor x, long dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("aten::glu: argument 'self' must have at least one dim");
        int d = Shapes.normDim(dim, x.dim());
        long size = x.size(d);
        if (size % 2 != 0) {
            throw new IllegalArgumentException("aten::glu: halving dimension must be even, but dimension " + d
                    + " is size " + size);
        }
        long[] shape = x.shape();
        shape[d] = size / 2;
        long[] strides = x.strides();
        return new Tensor[] {
            x.asStrided(shape, strides, x.offset()),
            x.asStrided(shape, strides, x.offset() + shape[d] * strides[d])
        };
    }

    /** A float-only activation whose function depends on the op's Scalar arguments. */
    private static void floatOnly(OpRegistry r, String schema, Function<Args, DoubleUnaryOperator> f) {
        String op = schema.substring(0, schema.indexOf('('));
        r.register(schema, k(a -> {
            Tensor x = a.tensor(0);
            requireFloating(op, x);
            return unary(op, x, x.dtype(), x.dtype(), f.apply(a), null);
        }), ShapeRule.single(a -> {
            requireFloating(op, a.tensor(0));
            return a.tensor(0).toMeta();
        }));
    }

    private static Kernel k(Function<Args, Tensor> f) { return Kernel.single(f); }

    private static ShapeRule sameRule() { return ShapeRule.single(a -> a.tensor(0).toMeta()); }
}
