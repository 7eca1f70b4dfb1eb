package dev.onnxport.onnx.symbolic;

import dev.onnxport.errors.NotExpressible;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.onnx.schema.ElementTypes;
import dev.onnxport.onnx.schema.FormalParameter;
import dev.onnxport.onnx.schema.OnnxSchemas;
import dev.onnxport.onnx.schema.OpSchema;
import dev.onnxport.onnx.schema.TypeConstraint;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.spi.SymbolicContext.NodeBuilder;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Building blocks shared by the symbolic functions: casts, scalar constants, per-opset forms of
 * Unsqueeze/Squeeze/Reduce*, element types ONNX lacks at an opset (computed in a wider type and cast
 * back), and decompositions of ops that only exist from a later opset.
 */
public final class OnnxOps {
    private OnnxOps() {}

    // ---- types -----------------------------------------------------------------------------------

    /** The dtype of a value, or null when unknown. */
    public static DType dtype(SymbolicContext g, Value v) {
        Type t = g.type(v);
        return t == null || !t.isTensor() ? null : t.dtype();
    }

    /** The traced dtype of aten output {@code j}. */
    public static DType outDtype(SymbolicContext g, int j) {
        return g.node().outputs().get(j).type().dtype();
    }

    /** The traced dtype of aten input {@code i} (a tensor argument). */
    public static DType inDtype(SymbolicContext g, int i) {
        return g.node().input(i).type().dtype();
    }

    /** The traced rank of aten input {@code i}. */
    public static int inRank(SymbolicContext g, int i) {
        return g.node().input(i).type().rank();
    }

    /** The traced type of aten input {@code i}. */
    public static Type inType(SymbolicContext g, int i) {
        return g.node().input(i).type();
    }

    public static Value cast(SymbolicContext g, Value v, DType to) {
        if (dtype(g, v) == to) return v;
        return g.op("Cast", v).attr("to", (long) to.onnxCode()).output();
    }

    /** Aten input {@code i} (tensor or scalar) as a tensor of {@code to}. */
    public static Value input(SymbolicContext g, int i, DType to) {
        if (g.isConstant(i)) {
            Object c = g.constant(i);
            if (c instanceof Number || c instanceof Boolean) return scalar(g, c, to);
        }
        return cast(g, g.input(i), to);
    }

    /** A 0-d constant of {@code dtype} holding {@code v} (Long, Double or Boolean). */
    public static Value scalar(SymbolicContext g, Object v, DType dtype) {
        return g.constant(scalarTensor(v, dtype));
    }

    static Tensor scalarTensor(Object v, DType dtype) {
        if (dtype == DType.BOOL) {
            boolean b = v instanceof Boolean x ? x : ((Number) v).doubleValue() != 0;
            return Tensor.of(new boolean[] {b}, new long[0]);
        }
        if (dtype == DType.INT64 && v instanceof Long l) return Tensor.scalar(l);
        double d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        return Tensor.scalar(d, dtype);
    }

    /** True when input {@code idx} of {@code opType} at this opset accepts {@code d}. */
    public static boolean accepts(SymbolicContext g, String opType, int idx, DType d) {
        OpSchema s = OnnxSchemas.get(opType, g.opset());
        if (s == null) return false;
        FormalParameter p = s.inputs().get(Math.min(idx, s.inputs().size() - 1));
        String ts = ElementTypes.tensorType(d);
        TypeConstraint tc = s.typeConstraint(p.typeStr());
        return tc == null ? p.typeStr().equals(ts) : tc.allows(ts);
    }

    /** The type to compute {@code opType} in for data of {@code d}: d itself, else the nearest wider one ONNX takes. */
    public static DType computeType(SymbolicContext g, String opType, DType d) {
        List<DType> chain = d.isFloatingPoint() ? List.of(d, DType.FLOAT32, DType.FLOAT64)
                : List.of(d, DType.INT64, DType.FLOAT64, DType.INT32, DType.FLOAT32);
        for (DType c : chain) if (accepts(g, opType, 0, c)) return c;
        int from = firstOpset(opType);
        throw new NotExpressible(opType + " does not take " + d.torchName() + " at opset " + g.opset(), 0 < from && from > g.opset() ? from : 0);
    }

    /**
     * {@code opType} over inputs of one dtype, computed in a type ONNX accepts at this opset; when
     * {@code sameTypeOut}, the result is cast back to the inputs' dtype.
     */
    public static Value typed(SymbolicContext g, String opType, boolean sameTypeOut, UnaryOperator<NodeBuilder> attrs, Value... in) {
        DType d = dtype(g, in[0]);
        DType c = computeType(g, opType, d);
        Value[] cin = new Value[in.length];
        for (int i = 0; i < in.length; i++) cin[i] = cast(g, in[i], c);
        Value r = attrs.apply(g.op(opType, cin)).output();
        return sameTypeOut ? cast(g, r, d) : r;
    }

    public static Value typed(SymbolicContext g, String opType, Value... in) {
        return typed(g, opType, true, b -> b, in);
    }

    /** The first opset where {@code opType} exists, or 0. */
    public static int firstOpset(String opType) {
        int[] s = OnnxSchemas.sinceVersions(opType);
        return s.length == 0 ? 0 : s[0];
    }

    /** Fails the conversion of this node: {@code fromOpset} is where it would work (0: nowhere). */
    public static NotExpressible notExpressible(SymbolicContext g, String what, int fromOpset) {
        return new NotExpressible(what, fromOpset);
    }

    /** Requires opset {@code min} for {@code what}. */
    public static void requireOpset(SymbolicContext g, int min, String what) {
        if (g.opset() < min) throw new NotExpressible(what + " needs opset " + min, min);
    }

    // ---- per-opset forms -------------------------------------------------------------------------

    public static Value unsqueeze(SymbolicContext g, Value v, long... axes) {
        return g.opset() >= 13 ? g.op("Unsqueeze", v, g.constantLongs(axes)).output()
                : g.op("Unsqueeze", v).attr("axes", axes).output();
    }

    public static Value squeeze(SymbolicContext g, Value v, long... axes) {
        return g.opset() >= 13 ? g.op("Squeeze", v, g.constantLongs(axes)).output()
                : g.op("Squeeze", v).attr("axes", axes).output();
    }

    /** {@code Reduce*} over {@code axes} (null or empty: all) with axes as attribute or input as the opset wants. */
    public static Value reduce(SymbolicContext g, String opType, Value v, long[] axes, boolean keepdims) {
        int axesInputFrom = opType.equals("ReduceSum") ? 13 : 18;
        DType d = dtype(g, v);
        DType c = computeType(g, opType, d);
        Value x = cast(g, v, c);
        NodeBuilder b;
        if (axes == null || axes.length == 0) b = g.op(opType, x);
        else if (g.opset() >= axesInputFrom) b = g.op(opType, x, g.constantLongs(axes));
        else b = g.op(opType, x).attr("axes", axes);
        return cast(g, b.attr("keepdims", keepdims ? 1L : 0L).output(), d);
    }

    /** Dim {@code d} of {@code v} as a 0-d int64 tensor computed at run time. */
    public static Value size(SymbolicContext g, Value v, long d) {
        Value shape = g.op("Shape", v).output();
        return g.op("Gather", shape, g.constant(Tensor.scalar(d))).attr("axis", 0L).output();
    }

    // ---- arithmetic and logic with fallbacks -----------------------------------------------------

    public static Value add(SymbolicContext g, Value a, Value b) { return typed(g, "Add", a, b); }
    public static Value sub(SymbolicContext g, Value a, Value b) { return typed(g, "Sub", a, b); }
    public static Value mul(SymbolicContext g, Value a, Value b) { return typed(g, "Mul", a, b); }
    public static Value div(SymbolicContext g, Value a, Value b) { return typed(g, "Div", a, b); }

    /** {@code a * k} for a constant number, in a's dtype. */
    public static Value mulConst(SymbolicContext g, Value a, double k) {
        return mul(g, a, scalar(g, k, dtype(g, a)));
    }

    public static Value addConst(SymbolicContext g, Value a, double k) {
        return add(g, a, scalar(g, k, dtype(g, a)));
    }

    public static Value not(SymbolicContext g, Value a) { return g.op("Not", a).output(); }
    public static Value and(SymbolicContext g, Value a, Value b) { return g.op("And", a, b).output(); }
    public static Value or(SymbolicContext g, Value a, Value b) { return g.op("Or", a, b).output(); }

    public static Value less(SymbolicContext g, Value a, Value b) { return typed(g, "Less", false, x -> x, a, b); }
    public static Value greater(SymbolicContext g, Value a, Value b) { return typed(g, "Greater", false, x -> x, a, b); }

    /** a == b; floats before opset 11 as neither less nor greater, and not NaN. */
    public static Value equal(SymbolicContext g, Value a, Value b) {
        DType d = dtype(g, a);
        if (accepts(g, "Equal", 0, d)) return g.op("Equal", a, b).output();
        if (!d.isFloatingPoint()) return typed(g, "Equal", false, x -> x, a, b);
        Value neq = or(g, less(g, a, b), greater(g, a, b));
        Value nan = or(g, isNaN(g, a), isNaN(g, b));
        return not(g, or(g, neq, nan));
    }

    public static Value lessOrEqual(SymbolicContext g, Value a, Value b) {
        if (accepts(g, "LessOrEqual", 0, dtype(g, a))) return g.op("LessOrEqual", a, b).output();
        return or(g, less(g, a, b), equal(g, a, b));
    }

    public static Value greaterOrEqual(SymbolicContext g, Value a, Value b) {
        if (accepts(g, "GreaterOrEqual", 0, dtype(g, a))) return g.op("GreaterOrEqual", a, b).output();
        return or(g, greater(g, a, b), equal(g, a, b));
    }

    /** isnan; before IsNaN (9): neither below +inf nor above -inf. Integers are never NaN. */
    public static Value isNaN(SymbolicContext g, Value x) {
        DType d = dtype(g, x);
        if (!d.isFloatingPoint()) return not(g, equal(g, x, x));
        if (g.opset() >= 9) return g.op("IsNaN", cast(g, x, computeType(g, "IsNaN", d))).output();
        Value below = less(g, x, scalar(g, Double.POSITIVE_INFINITY, d));
        Value above = greater(g, x, scalar(g, Double.NEGATIVE_INFINITY, d));
        return not(g, or(g, below, above));
    }

    /** Elementwise select; before Where (9) a blend {@code a*m + b*(1-m)} (inexact only where a or b is infinite). */
    public static Value where(SymbolicContext g, Value cond, Value a, Value b) {
        Value c = cast(g, cond, DType.BOOL);
        DType d = dtype(g, a);
        if (g.opset() >= 9) return g.op("Where", c, a, b).output();
        if (d == DType.BOOL) return or(g, and(g, c, a), and(g, not(g, c), b));
        Value m = cast(g, c, d);
        Value inv = sub(g, scalar(g, 1L, d), m);
        return add(g, mul(g, a, m), mul(g, b, inv));
    }

    /** sign(x); before Sign (9): (x > 0) - (x < 0) computed in floating point. */
    public static Value sign(SymbolicContext g, Value x) {
        DType d = dtype(g, x);
        if (g.opset() >= 9) return typed(g, "Sign", x);
        DType f = d.isFloatingPoint() ? d : DType.FLOAT64;
        Value xf = cast(g, x, f);
        Value zero = scalar(g, 0.0, f);
        Value pos = cast(g, greater(g, xf, zero), f);
        Value neg = cast(g, less(g, xf, zero), f);
        return cast(g, sub(g, pos, neg), d);
    }

    /**
     * erf(x); before Erf (9): Abramowitz and Stegun 7.1.26, {@code 1 - (a1 t + ... + a5 t^5) e^{-x^2}} with
     * {@code t = 1/(1 + p|x|)}, odd-extended; absolute error below 1.5e-7.
     */
    public static Value erf(SymbolicContext g, Value x) {
        DType d = dtype(g, x);
        if (g.opset() >= 9) return typed(g, "Erf", x);
        Value ax = g.op("Abs", x).output();
        Value t = g.op("Reciprocal", addConst(g, mulConst(g, ax, 0.3275911), 1.0)).output();
        double[] a = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};
        Value poly = scalar(g, a[4], d);
        for (int k = 3; k >= 0; k--) poly = addConst(g, mul(g, poly, t), a[k]);
        poly = mul(g, poly, t);
        Value e = g.op("Exp", g.op("Neg", mul(g, x, x)).output()).output();
        Value y = sub(g, scalar(g, 1.0, d), mul(g, poly, e));
        return mul(g, y, sign(g, x));
    }

    /** trunc(x) for floats: floor(|x|) with the sign of x. */
    public static Value trunc(SymbolicContext g, Value x) {
        Value f = g.op("Floor", g.op("Abs", x).output()).output();
        return mul(g, f, sign(g, x));
    }

    /** Floor division; integer Div truncates, so subtract one where the remainder is non-zero and signs differ. */
    public static Value floorDiv(SymbolicContext g, Value a, Value b) {
        DType d = dtype(g, a);
        if (d.isFloatingPoint()) return g.op("Floor", div(g, a, b)).output();
        Value q = div(g, a, b);
        Value r = sub(g, a, mul(g, q, b));
        Value zero = scalar(g, 0L, d);
        Value signsDiffer = g.op("Xor", less(g, r, zero), less(g, b, zero)).output();
        Value adjust = and(g, signsDiffer, not(g, equal(g, r, zero)));
        return sub(g, q, cast(g, adjust, d));
    }

    /** Broadcast max/min of two tensors of one dtype; opset 7's Max/Min (no broadcasting) via Relu. */
    public static Value maxMin(SymbolicContext g, String opType, Value a, Value b) {
        if (g.opset() >= 8) return typed(g, opType, a, b);
        DType d = dtype(g, a);
        DType f = d.isFloatingPoint() ? d : DType.FLOAT64;
        Value af = cast(g, a, f), bf = cast(g, b, f);
        Value relu = g.op("Relu", sub(g, af, bf)).output();
        Value r = opType.equals("Max") ? add(g, bf, relu) : sub(g, af, relu);
        return cast(g, r, d);
    }

    /** Sizes of every dim of the traced aten input {@code i}: true when none is dynamic. */
    public static boolean staticShape(Type t) {
        for (int k = 0; k < t.rank(); k++) if (t.symbol(k) != null) return false;
        return true;
    }

    public static long normDim(long d, int rank) { return d < 0 ? d + rank : d; }
}
