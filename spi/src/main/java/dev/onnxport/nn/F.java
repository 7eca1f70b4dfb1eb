package dev.onnxport.nn;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * The functional API: {@code torch.*} and {@code torch.nn.functional.*} as typed static methods with
 * PyTorch's names (camelCase) and defaults. Every method is one call of an aten operator of the global
 * registry, so it runs eagerly and is recorded while tracing.
 *
 * <p>Scalars are {@link Number}s: a Java {@code double} acts as a Python float and an {@code int} or
 * {@code long} as a Python int, which matters for type promotion ({@code mul(intTensor, 2)} stays int64).
 * Sizes are {@code long...} or {@link SymInt}{@code ...}; pass SymInts (from {@link Tensor#symSize}) to
 * keep a traced graph dynamic, and {@code SymInt.of(n)} for constants among them.
 */
public final class F {
    private F() {}

    private static Op op(String name) { return new Op(name); }

    // ---- arithmetic ----------------------------------------------------------------------------

    private static final Op ADD = op("aten::add.Tensor"), ADD_S = op("aten::add.Scalar");
    private static final Op SUB = op("aten::sub.Tensor"), SUB_S = op("aten::sub.Scalar"), RSUB_S = op("aten::rsub.Scalar");
    private static final Op MUL = op("aten::mul.Tensor"), MUL_S = op("aten::mul.Scalar");
    private static final Op DIV = op("aten::div.Tensor"), DIV_S = op("aten::div.Scalar"), DIV_MODE = op("aten::div.Tensor_mode");
    private static final Op FLOOR_DIVIDE = op("aten::floor_divide"), FMOD = op("aten::fmod.Tensor");
    private static final Op REMAINDER = op("aten::remainder.Tensor");
    private static final Op POW = op("aten::pow.Tensor_Tensor"), POW_S = op("aten::pow.Tensor_Scalar");
    private static final Op ATAN2 = op("aten::atan2"), MAXIMUM = op("aten::maximum"), MINIMUM = op("aten::minimum");
    private static final Op ADDCMUL = op("aten::addcmul"), LERP = op("aten::lerp.Scalar");

    public static Tensor add(Tensor a, Tensor b) { return ADD.call1(a, b); }
    public static Tensor add(Tensor a, Tensor b, Number alpha) { return ADD.call1(a, b, alpha); }
    public static Tensor add(Tensor a, Number b) { return ADD_S.call1(a, b); }
    public static Tensor add(Tensor a, Number b, Number alpha) { return ADD_S.call1(a, b, alpha); }
    public static Tensor sub(Tensor a, Tensor b) { return SUB.call1(a, b); }
    public static Tensor sub(Tensor a, Tensor b, Number alpha) { return SUB.call1(a, b, alpha); }
    public static Tensor sub(Tensor a, Number b) { return SUB_S.call1(a, b); }
    /** {@code b - a}, as {@code torch.rsub} (what Python's {@code 1.0 - t} calls). */
    public static Tensor rsub(Tensor a, Number b) { return RSUB_S.call1(a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return MUL.call1(a, b); }
    public static Tensor mul(Tensor a, Number b) { return MUL_S.call1(a, b); }
    public static Tensor div(Tensor a, Tensor b) { return DIV.call1(a, b); }
    public static Tensor div(Tensor a, Number b) { return DIV_S.call1(a, b); }
    /** {@code roundingMode}: null (true division), "trunc" or "floor". */
    public static Tensor div(Tensor a, Tensor b, String roundingMode) { return DIV_MODE.call1(a, b, roundingMode); }
    public static Tensor floorDivide(Tensor a, Tensor b) { return FLOOR_DIVIDE.call1(a, b); }
    public static Tensor fmod(Tensor a, Tensor b) { return FMOD.call1(a, b); }
    public static Tensor remainder(Tensor a, Tensor b) { return REMAINDER.call1(a, b); }
    public static Tensor pow(Tensor a, Tensor exponent) { return POW.call1(a, exponent); }
    public static Tensor pow(Tensor a, Number exponent) { return POW_S.call1(a, exponent); }
    public static Tensor atan2(Tensor a, Tensor b) { return ATAN2.call1(a, b); }
    public static Tensor maximum(Tensor a, Tensor b) { return MAXIMUM.call1(a, b); }
    public static Tensor minimum(Tensor a, Tensor b) { return MINIMUM.call1(a, b); }
    public static Tensor addcmul(Tensor self, Tensor t1, Tensor t2, Number value) { return ADDCMUL.call1(self, t1, t2, value); }
    public static Tensor addcmul(Tensor self, Tensor t1, Tensor t2) { return ADDCMUL.call1(self, t1, t2); }
    public static Tensor lerp(Tensor self, Tensor end, Number weight) { return LERP.call1(self, end, weight); }

    private static final Op TRUE_DIVIDE = op("aten::true_divide.Tensor"), BIT_OR = op("aten::bitwise_or.Tensor");
    private static final Op BIT_XOR = op("aten::bitwise_xor.Tensor");

    public static Tensor trueDivide(Tensor a, Tensor b) { return TRUE_DIVIDE.call1(a, b); }
    /** bools and integers */
    public static Tensor bitwiseOr(Tensor a, Tensor b) { return BIT_OR.call1(a, b); }
    public static Tensor bitwiseXor(Tensor a, Tensor b) { return BIT_XOR.call1(a, b); }

    // ---- unary math ----------------------------------------------------------------------------

    private static final Op ABS = op("aten::abs"), NEG = op("aten::neg"), EXP = op("aten::exp"), LOG = op("aten::log");
    private static final Op SQRT = op("aten::sqrt"), RSQRT = op("aten::rsqrt"), SIN = op("aten::sin"), COS = op("aten::cos");
    private static final Op ATAN = op("aten::atan"), TANH = op("aten::tanh"), SIGMOID = op("aten::sigmoid"), ERF = op("aten::erf");
    private static final Op CEIL = op("aten::ceil"), FLOOR = op("aten::floor"), ROUND = op("aten::round"), SIGN = op("aten::sign");
    private static final Op RECIPROCAL = op("aten::reciprocal"), ISNAN = op("aten::isnan"), LOGIT = op("aten::logit");
    private static final Op CLAMP = op("aten::clamp");

    public static Tensor abs(Tensor x) { return ABS.call1(x); }
    public static Tensor neg(Tensor x) { return NEG.call1(x); }
    public static Tensor exp(Tensor x) { return EXP.call1(x); }
    public static Tensor log(Tensor x) { return LOG.call1(x); }
    public static Tensor sqrt(Tensor x) { return SQRT.call1(x); }
    public static Tensor rsqrt(Tensor x) { return RSQRT.call1(x); }
    public static Tensor sin(Tensor x) { return SIN.call1(x); }
    public static Tensor cos(Tensor x) { return COS.call1(x); }
    public static Tensor atan(Tensor x) { return ATAN.call1(x); }
    public static Tensor tanh(Tensor x) { return TANH.call1(x); }
    public static Tensor sigmoid(Tensor x) { return SIGMOID.call1(x); }
    public static Tensor erf(Tensor x) { return ERF.call1(x); }
    public static Tensor ceil(Tensor x) { return CEIL.call1(x); }
    public static Tensor floor(Tensor x) { return FLOOR.call1(x); }
    public static Tensor round(Tensor x) { return ROUND.call1(x); }
    public static Tensor sign(Tensor x) { return SIGN.call1(x); }
    public static Tensor reciprocal(Tensor x) { return RECIPROCAL.call1(x); }
    public static Tensor isnan(Tensor x) { return ISNAN.call1(x); }
    public static Tensor logit(Tensor x) { return LOGIT.call1(x); }
    public static Tensor logit(Tensor x, Double eps) { return LOGIT.call1(x, eps); }
    /** Either bound may be null (None). */
    public static Tensor clamp(Tensor x, Number min, Number max) { return CLAMP.call1(x, min, max); }

    private static final Op ACOS = op("aten::acos"), ASIN = op("aten::asin"), TAN = op("aten::tan"), LOG10 = op("aten::log10");
    private static final Op LOG2 = op("aten::log2"), LOG1P = op("aten::log1p"), EXPM1 = op("aten::expm1"), EXP2 = op("aten::exp2");
    private static final Op COSH = op("aten::cosh"), SINH = op("aten::sinh"), SQUARE = op("aten::square"), TRUNC = op("aten::trunc");
    private static final Op ISINF = op("aten::isinf"), ISFINITE = op("aten::isfinite"), NAN_TO_NUM = op("aten::nan_to_num");
    private static final Op CLAMP_MIN = op("aten::clamp_min"), CLAMP_MAX = op("aten::clamp_max"), CLAMP_T = op("aten::clamp.Tensor");

    public static Tensor acos(Tensor x) { return ACOS.call1(x); }
    public static Tensor asin(Tensor x) { return ASIN.call1(x); }
    public static Tensor tan(Tensor x) { return TAN.call1(x); }
    public static Tensor log10(Tensor x) { return LOG10.call1(x); }
    public static Tensor log2(Tensor x) { return LOG2.call1(x); }
    public static Tensor log1p(Tensor x) { return LOG1P.call1(x); }
    public static Tensor expm1(Tensor x) { return EXPM1.call1(x); }
    public static Tensor exp2(Tensor x) { return EXP2.call1(x); }
    public static Tensor cosh(Tensor x) { return COSH.call1(x); }
    public static Tensor sinh(Tensor x) { return SINH.call1(x); }
    public static Tensor square(Tensor x) { return SQUARE.call1(x); }
    public static Tensor trunc(Tensor x) { return TRUNC.call1(x); }
    public static Tensor isinf(Tensor x) { return ISINF.call1(x); }
    public static Tensor isfinite(Tensor x) { return ISFINITE.call1(x); }
    /** Any of the replacements may be null: NaN becomes 0, infinities the dtype's largest finite values. */
    public static Tensor nanToNum(Tensor x, Double nan, Double posinf, Double neginf) { return NAN_TO_NUM.call1(x, nan, posinf, neginf); }
    public static Tensor clampMin(Tensor x, Number min) { return CLAMP_MIN.call1(x, min); }
    public static Tensor clampMax(Tensor x, Number max) { return CLAMP_MAX.call1(x, max); }
    /** Either bound may be null (None). */
    public static Tensor clamp(Tensor x, Tensor min, Tensor max) { return CLAMP_T.call1(x, min, max); }

    // ---- comparison and logic ------------------------------------------------------------------

    private static final Op EQ = op("aten::eq.Tensor"), EQ_S = op("aten::eq.Scalar"), NE = op("aten::ne.Tensor");
    private static final Op NE_S = op("aten::ne.Scalar"), GE = op("aten::ge.Tensor"), GT_S = op("aten::gt.Scalar");
    private static final Op LE = op("aten::le.Tensor"), LT = op("aten::lt.Tensor");
    private static final Op AND = op("aten::logical_and"), OR = op("aten::logical_or"), XOR = op("aten::logical_xor");
    private static final Op NOT = op("aten::logical_not"), BIT_AND = op("aten::bitwise_and.Tensor"), BIT_NOT = op("aten::bitwise_not");
    private static final Op WHERE = op("aten::where.self"), WHERE_S = op("aten::where.ScalarOther");
    private static final Op MASKED_FILL = op("aten::masked_fill.Scalar");

    public static Tensor eq(Tensor a, Tensor b) { return EQ.call1(a, b); }
    public static Tensor eq(Tensor a, Number b) { return EQ_S.call1(a, b); }
    public static Tensor ne(Tensor a, Tensor b) { return NE.call1(a, b); }
    public static Tensor ne(Tensor a, Number b) { return NE_S.call1(a, b); }
    public static Tensor ge(Tensor a, Tensor b) { return GE.call1(a, b); }
    public static Tensor gt(Tensor a, Number b) { return GT_S.call1(a, b); }
    public static Tensor le(Tensor a, Tensor b) { return LE.call1(a, b); }
    public static Tensor lt(Tensor a, Tensor b) { return LT.call1(a, b); }
    public static Tensor logicalAnd(Tensor a, Tensor b) { return AND.call1(a, b); }
    public static Tensor logicalOr(Tensor a, Tensor b) { return OR.call1(a, b); }
    public static Tensor logicalXor(Tensor a, Tensor b) { return XOR.call1(a, b); }
    public static Tensor logicalNot(Tensor x) { return NOT.call1(x); }
    public static Tensor bitwiseAnd(Tensor a, Tensor b) { return BIT_AND.call1(a, b); }
    public static Tensor bitwiseNot(Tensor x) { return BIT_NOT.call1(x); }
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return WHERE.call1(cond, a, b); }
    public static Tensor where(Tensor cond, Tensor a, Number b) { return WHERE_S.call1(cond, a, b); }
    public static Tensor maskedFill(Tensor x, Tensor mask, Number value) { return MASKED_FILL.call1(x, mask, value); }

    // ---- activations ---------------------------------------------------------------------------

    private static final Op RELU = op("aten::relu"), RELU6 = op("aten::relu6"), GELU = op("aten::gelu");
    private static final Op SILU = op("aten::silu"), MISH = op("aten::mish"), SELU = op("aten::selu"), CELU = op("aten::celu");
    private static final Op ELU = op("aten::elu"), LEAKY_RELU = op("aten::leaky_relu"), HARDTANH = op("aten::hardtanh");
    private static final Op HARDSIGMOID = op("aten::hardsigmoid"), HARDSWISH = op("aten::hardswish");
    private static final Op SOFTPLUS = op("aten::softplus"), THRESHOLD = op("aten::threshold"), PRELU = op("aten::prelu");
    private static final Op GLU = op("aten::glu");
    private static final Op SOFTMAX = op("aten::softmax.int"), LOG_SOFTMAX = op("aten::log_softmax.int");

    public static Tensor relu(Tensor x) { return RELU.call1(x); }
    public static Tensor relu6(Tensor x) { return RELU6.call1(x); }
    public static Tensor gelu(Tensor x) { return GELU.call1(x, "none"); }
    /** {@code approximate}: "none" or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return GELU.call1(x, approximate); }
    public static Tensor silu(Tensor x) { return SILU.call1(x); }
    public static Tensor mish(Tensor x) { return MISH.call1(x); }
    public static Tensor selu(Tensor x) { return SELU.call1(x); }
    public static Tensor celu(Tensor x, Number alpha) { return CELU.call1(x, alpha); }
    public static Tensor elu(Tensor x) { return ELU.call1(x); }
    public static Tensor elu(Tensor x, Number alpha) { return ELU.call1(x, alpha); }
    public static Tensor elu(Tensor x, Number alpha, Number scale, Number inputScale) { return ELU.call1(x, alpha, scale, inputScale); }
    public static Tensor leakyRelu(Tensor x) { return LEAKY_RELU.call1(x); }
    public static Tensor leakyRelu(Tensor x, Number negativeSlope) { return LEAKY_RELU.call1(x, negativeSlope); }
    public static Tensor hardtanh(Tensor x, Number minVal, Number maxVal) { return HARDTANH.call1(x, minVal, maxVal); }
    public static Tensor hardsigmoid(Tensor x) { return HARDSIGMOID.call1(x); }
    public static Tensor hardswish(Tensor x) { return HARDSWISH.call1(x); }
    public static Tensor softplus(Tensor x) { return SOFTPLUS.call1(x); }
    public static Tensor softplus(Tensor x, Number beta, Number threshold) { return SOFTPLUS.call1(x, beta, threshold); }
    public static Tensor threshold(Tensor x, Number threshold, Number value) { return THRESHOLD.call1(x, threshold, value); }
    public static Tensor prelu(Tensor x, Tensor weight) { return PRELU.call1(x, weight); }
    public static Tensor glu(Tensor x, long dim) { return GLU.call1(x, dim); }
    public static Tensor softmax(Tensor x, long dim) { return SOFTMAX.call1(x, dim); }
    public static Tensor softmax(Tensor x, long dim, DType dtype) { return SOFTMAX.call1(x, dim, dtype); }
    public static Tensor logSoftmax(Tensor x, long dim) { return LOG_SOFTMAX.call1(x, dim); }
    public static Tensor logSoftmax(Tensor x, long dim, DType dtype) { return LOG_SOFTMAX.call1(x, dim, dtype); }

    private static final Op LOG_SIGMOID = op("aten::log_sigmoid"), SOFTSHRINK = op("aten::softshrink");
    private static final Op HARDSHRINK = op("aten::hardshrink"), RRELU = op("aten::rrelu"), LOG_SOFTMAX_I = op("aten::_log_softmax");

    public static Tensor logSigmoid(Tensor x) { return LOG_SIGMOID.call1(x); }
    public static Tensor softshrink(Tensor x, Number lambd) { return SOFTSHRINK.call1(x, lambd); }
    public static Tensor hardshrink(Tensor x, Number lambd) { return HARDSHRINK.call1(x, lambd); }
    /** Eval mode: the slope of negative values is (lower + upper) / 2. */
    public static Tensor rrelu(Tensor x, Number lower, Number upper) { return RRELU.call1(x, lower, upper, false); }
    /** The internal form traced code meets; {@link #logSoftmax(Tensor, long)} is the public one. */
    public static Tensor logSoftmaxInternal(Tensor x, long dim) { return LOG_SOFTMAX_I.call1(x, dim, false); }

    // ---- reductions ----------------------------------------------------------------------------

    private static final Op SUM = op("aten::sum"), SUM_DIM = op("aten::sum.dim_IntList");
    private static final Op MEAN = op("aten::mean"), MEAN_DIM = op("aten::mean.dim");
    private static final Op AMAX = op("aten::amax"), AMIN = op("aten::amin"), ALL = op("aten::all.dim"), ANY = op("aten::any.dim");
    private static final Op ARGMAX = op("aten::argmax"), ARGMIN = op("aten::argmin");
    private static final Op MAX = op("aten::max"), MAX_DIM = op("aten::max.dim"), MIN_DIM = op("aten::min.dim");
    private static final Op LOGSUMEXP = op("aten::logsumexp"), PROD = op("aten::prod.dim_int");
    private static final Op STD = op("aten::std.dim"), VAR = op("aten::var.dim"), NORM = op("aten::norm.ScalarOpt_dim");
    private static final Op CUMSUM = op("aten::cumsum"), SORT = op("aten::sort"), TOPK = op("aten::topk");
    private static final Op COSINE_SIMILARITY = op("aten::cosine_similarity"), PAIRWISE_DISTANCE = op("aten::pairwise_distance");

    public static Tensor sum(Tensor x) { return SUM.call1(x); }
    public static Tensor sum(Tensor x, DType dtype) { return SUM.call1(x, dtype); }
    public static Tensor sum(Tensor x, long[] dim, boolean keepdim) { return SUM_DIM.call1(x, dim, keepdim); }
    public static Tensor sum(Tensor x, long dim, boolean keepdim) { return SUM_DIM.call1(x, new long[] {dim}, keepdim); }
    public static Tensor mean(Tensor x) { return MEAN.call1(x); }
    public static Tensor mean(Tensor x, long[] dim, boolean keepdim) { return MEAN_DIM.call1(x, dim, keepdim); }
    public static Tensor mean(Tensor x, long dim, boolean keepdim) { return MEAN_DIM.call1(x, new long[] {dim}, keepdim); }
    public static Tensor amax(Tensor x, long[] dim, boolean keepdim) { return AMAX.call1(x, dim, keepdim); }
    public static Tensor amin(Tensor x, long[] dim, boolean keepdim) { return AMIN.call1(x, dim, keepdim); }
    public static Tensor all(Tensor x, long dim, boolean keepdim) { return ALL.call1(x, dim, keepdim); }
    public static Tensor any(Tensor x, long dim, boolean keepdim) { return ANY.call1(x, dim, keepdim); }
    public static Tensor argmax(Tensor x) { return ARGMAX.call1(x); }
    public static Tensor argmax(Tensor x, long dim, boolean keepdim) { return ARGMAX.call1(x, dim, keepdim); }
    public static Tensor argmin(Tensor x) { return ARGMIN.call1(x); }
    public static Tensor argmin(Tensor x, long dim, boolean keepdim) { return ARGMIN.call1(x, dim, keepdim); }
    public static Tensor max(Tensor x) { return MAX.call1(x); }
    /** Returns {values, indices}. */
    public static Tensor[] max(Tensor x, long dim, boolean keepdim) { return MAX_DIM.call(x, dim, keepdim); }
    /** Returns {values, indices}. */
    public static Tensor[] min(Tensor x, long dim, boolean keepdim) { return MIN_DIM.call(x, dim, keepdim); }
    public static Tensor logsumexp(Tensor x, long[] dim, boolean keepdim) { return LOGSUMEXP.call1(x, dim, keepdim); }
    public static Tensor prod(Tensor x, long dim, boolean keepdim) { return PROD.call1(x, dim, keepdim); }
    public static Tensor std(Tensor x, long[] dim, boolean unbiased, boolean keepdim) { return STD.call1(x, dim, unbiased, keepdim); }
    public static Tensor var(Tensor x, long[] dim, boolean unbiased, boolean keepdim) { return VAR.call1(x, dim, unbiased, keepdim); }
    /** {@code p} null means the 2-norm. */
    public static Tensor norm(Tensor x, Number p, long[] dim, boolean keepdim) { return NORM.call1(x, p, dim, keepdim); }
    public static Tensor cumsum(Tensor x, long dim) { return CUMSUM.call1(x, dim); }
    /** Returns {values, indices}. */
    public static Tensor[] sort(Tensor x, long dim, boolean descending) { return SORT.call(x, dim, descending); }
    /** Returns {values, indices}. */
    public static Tensor[] topk(Tensor x, long k, long dim, boolean largest, boolean sorted) { return TOPK.call(x, k, dim, largest, sorted); }
    public static Tensor cosineSimilarity(Tensor a, Tensor b, long dim, double eps) { return COSINE_SIMILARITY.call1(a, b, dim, eps); }
    public static Tensor pairwiseDistance(Tensor a, Tensor b, double p, double eps, boolean keepdim) {
        return PAIRWISE_DISTANCE.call1(a, b, p, eps, keepdim);
    }

    private static final Op STD_MEAN = op("aten::std_mean.dim"), VAR_MEAN = op("aten::var_mean.dim");
    private static final Op VAR_C = op("aten::var.correction"), AMINMAX = op("aten::aminmax"), ARGSORT = op("aten::argsort");
    private static final Op VECTOR_NORM = op("aten::linalg_vector_norm"), LINALG_NORM = op("aten::linalg_norm");
    private static final Op MATRIX_NORM = op("aten::linalg_matrix_norm.str_ord"), FRO_NORM = op("aten::frobenius_norm.dim");

    public static Tensor[] stdMean(Tensor x, long[] dim, boolean unbiased, boolean keepdim) { return STD_MEAN.call(x, dim, unbiased, keepdim); }
    public static Tensor[] varMean(Tensor x, long[] dim, boolean unbiased, boolean keepdim) { return VAR_MEAN.call(x, dim, unbiased, keepdim); }
    /** {@code correction} 0 (biased) or 1. */
    public static Tensor var(Tensor x, long[] dim, long correction, boolean keepdim) { return VAR_C.call1(x, dim, correction, keepdim); }
    /** {min, max} along {@code dim} (null: over all elements). */
    public static Tensor[] aminmax(Tensor x, Long dim, boolean keepdim) { return AMINMAX.call(x, dim, keepdim); }
    public static Tensor argsort(Tensor x, long dim, boolean descending) { return ARGSORT.call1(x, dim, descending); }
    /** {@code dim} null: over all elements. */
    public static Tensor vectorNorm(Tensor x, Number ord, long[] dim, boolean keepdim) { return VECTOR_NORM.call1(x, ord, dim, keepdim); }
    public static Tensor linalgNorm(Tensor x, Number ord, long[] dim, boolean keepdim) { return LINALG_NORM.call1(x, ord, dim, keepdim); }
    /** {@code ord}: "fro". */
    public static Tensor matrixNorm(Tensor x, String ord, long[] dim, boolean keepdim) { return MATRIX_NORM.call1(x, ord, dim, keepdim); }
    public static Tensor frobeniusNorm(Tensor x, long[] dim, boolean keepdim) { return FRO_NORM.call1(x, dim, keepdim); }

    // ---- views and shapes ----------------------------------------------------------------------

    private static final Op VIEW = op("aten::view"), RESHAPE = op("aten::reshape"), VIEW_AS = op("aten::view_as");
    private static final Op EXPAND = op("aten::expand"), EXPAND_AS = op("aten::expand_as");
    private static final Op FLATTEN = op("aten::flatten.using_ints"), PERMUTE = op("aten::permute");
    private static final Op TRANSPOSE = op("aten::transpose.int"), T = op("aten::t");
    private static final Op SQUEEZE = op("aten::squeeze"), SQUEEZE_DIM = op("aten::squeeze.dim"), UNSQUEEZE = op("aten::unsqueeze");
    private static final Op SELECT = op("aten::select.int"), SLICE = op("aten::slice.Tensor"), NARROW = op("aten::narrow");
    private static final Op SPLIT = op("aten::split.Tensor"), SPLIT_SIZES = op("aten::split_with_sizes");
    private static final Op CHUNK = op("aten::chunk"), UNBIND = op("aten::unbind.int");
    private static final Op CONTIGUOUS = op("aten::contiguous"), CLONE = op("aten::clone"), TO = op("aten::to.dtype");

    public static Tensor view(Tensor x, long... size) { return VIEW.call1(x, size); }
    public static Tensor view(Tensor x, SymInt... size) { return VIEW.call1(x, size); }
    public static Tensor reshape(Tensor x, long... shape) { return RESHAPE.call1(x, shape); }
    public static Tensor reshape(Tensor x, SymInt... shape) { return RESHAPE.call1(x, shape); }
    public static Tensor viewAs(Tensor x, Tensor other) { return VIEW_AS.call1(x, other); }
    public static Tensor expand(Tensor x, long... size) { return EXPAND.call1(x, size); }
    public static Tensor expand(Tensor x, SymInt... size) { return EXPAND.call1(x, size); }
    public static Tensor expandAs(Tensor x, Tensor other) { return EXPAND_AS.call1(x, other); }
    public static Tensor flatten(Tensor x) { return FLATTEN.call1(x); }
    public static Tensor flatten(Tensor x, long startDim) { return FLATTEN.call1(x, startDim); }
    public static Tensor flatten(Tensor x, long startDim, long endDim) { return FLATTEN.call1(x, startDim, endDim); }
    public static Tensor permute(Tensor x, long... dims) { return PERMUTE.call1(x, dims); }
    public static Tensor transpose(Tensor x, long dim0, long dim1) { return TRANSPOSE.call1(x, dim0, dim1); }
    public static Tensor t(Tensor x) { return T.call1(x); }
    public static Tensor squeeze(Tensor x) { return SQUEEZE.call1(x); }
    public static Tensor squeeze(Tensor x, long dim) { return SQUEEZE_DIM.call1(x, dim); }
    public static Tensor unsqueeze(Tensor x, long dim) { return UNSQUEEZE.call1(x, dim); }
    public static Tensor select(Tensor x, long dim, long index) { return SELECT.call1(x, dim, index); }
    /** {@code x[start:end:step]} along {@code dim}; null start/end mean the ends. */
    public static Tensor slice(Tensor x, long dim, Long start, Long end, long step) { return SLICE.call1(x, dim, start, end, step); }
    /** As {@link #slice(Tensor, long, Long, Long, long)} with symbolic bounds (null means the ends). */
    public static Tensor slice(Tensor x, long dim, SymInt start, SymInt end, long step) { return SLICE.call1(x, dim, start, end, step); }
    public static Tensor narrow(Tensor x, long dim, long start, long length) { return NARROW.call1(x, dim, start, length); }
    public static Tensor[] split(Tensor x, long splitSize, long dim) { return SPLIT.call(x, splitSize, dim); }
    public static Tensor[] split(Tensor x, long[] splitSizes, long dim) { return SPLIT_SIZES.call(x, splitSizes, dim); }
    public static Tensor[] chunk(Tensor x, long chunks, long dim) { return CHUNK.call(x, chunks, dim); }
    public static Tensor[] unbind(Tensor x, long dim) { return UNBIND.call(x, dim); }
    public static Tensor contiguous(Tensor x) { return CONTIGUOUS.call1(x); }
    public static Tensor clone(Tensor x) { return CLONE.call1(x); }
    public static Tensor to(Tensor x, DType dtype) { return TO.call1(x, dtype); }

    private static final Op TYPE_AS = op("aten::type_as"), RESHAPE_AS = op("aten::reshape_as"), MOVEDIM = op("aten::movedim.intlist");
    private static final Op TENSOR_SPLIT = op("aten::tensor_split.sections"), TENSOR_SPLIT_I = op("aten::tensor_split.indices");
    private static final Op UNSAFE_CHUNK = op("aten::unsafe_chunk"), UNSAFE_SPLIT = op("aten::unsafe_split.Tensor");
    private static final Op DIAGONAL = op("aten::diagonal"), UNFOLD = op("aten::unfold"), AS_STRIDED = op("aten::as_strided");
    private static final Op BROADCAST_TENSORS = op("aten::broadcast_tensors"), MESHGRID = op("aten::meshgrid.indexing");

    public static Tensor typeAs(Tensor x, Tensor other) { return TYPE_AS.call1(x, other); }
    public static Tensor reshapeAs(Tensor x, Tensor other) { return RESHAPE_AS.call1(x, other); }
    public static Tensor movedim(Tensor x, long[] source, long[] destination) { return MOVEDIM.call1(x, source, destination); }
    public static Tensor[] tensorSplit(Tensor x, long sections, long dim) { return TENSOR_SPLIT.call(x, sections, dim); }
    public static Tensor[] tensorSplit(Tensor x, long[] indices, long dim) { return TENSOR_SPLIT_I.call(x, indices, dim); }
    public static Tensor[] unsafeChunk(Tensor x, long chunks, long dim) { return UNSAFE_CHUNK.call(x, chunks, dim); }
    public static Tensor[] unsafeSplit(Tensor x, long splitSize, long dim) { return UNSAFE_SPLIT.call(x, splitSize, dim); }
    public static Tensor diagonal(Tensor x, long offset, long dim1, long dim2) { return DIAGONAL.call1(x, offset, dim1, dim2); }
    public static Tensor unfold(Tensor x, long dimension, long size, long step) { return UNFOLD.call1(x, dimension, size, step); }
    public static Tensor asStrided(Tensor x, long[] size, long[] stride, Long storageOffset) { return AS_STRIDED.call1(x, size, stride, storageOffset); }
    public static Tensor[] broadcastTensors(Tensor... tensors) { return BROADCAST_TENSORS.call((Object) tensors); }
    /** {@code indexing}: "ij" or "xy". */
    public static Tensor[] meshgrid(String indexing, Tensor... tensors) { return MESHGRID.call(tensors, indexing); }

    // ---- joining, indexing, reordering ----------------------------------------------------------

    private static final Op CAT = op("aten::cat"), STACK = op("aten::stack"), REPEAT = op("aten::repeat");
    private static final Op REPEAT_INTERLEAVE = op("aten::repeat_interleave.self_int"), FLIP = op("aten::flip"), ROLL = op("aten::roll");
    private static final Op TRIL = op("aten::tril"), TRIU = op("aten::triu"), GATHER = op("aten::gather");
    private static final Op SCATTER = op("aten::scatter.src"), INDEX_SELECT = op("aten::index_select"), INDEX = op("aten::index.Tensor");
    private static final Op PIXEL_SHUFFLE = op("aten::pixel_shuffle"), PAD = op("aten::constant_pad_nd");
    private static final Op REFLECTION_PAD2D = op("aten::reflection_pad2d"), REPLICATION_PAD2D = op("aten::replication_pad2d");

    public static Tensor cat(List<Tensor> tensors, long dim) { return CAT.call1(tensors.toArray(new Tensor[0]), dim); }
    public static Tensor cat(Tensor[] tensors, long dim) { return CAT.call1(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors, long dim) { return STACK.call1(tensors.toArray(new Tensor[0]), dim); }
    public static Tensor stack(Tensor[] tensors, long dim) { return STACK.call1(tensors, dim); }
    public static Tensor repeat(Tensor x, long... repeats) { return REPEAT.call1(x, repeats); }
    public static Tensor repeat(Tensor x, SymInt... repeats) { return REPEAT.call1(x, repeats); }
    /** {@code dim} null flattens first, as PyTorch. */
    public static Tensor repeatInterleave(Tensor x, long repeats, Long dim) { return REPEAT_INTERLEAVE.call1(x, repeats, dim); }
    public static Tensor flip(Tensor x, long... dims) { return FLIP.call1(x, dims); }
    public static Tensor roll(Tensor x, long[] shifts, long[] dims) { return ROLL.call1(x, shifts, dims); }
    public static Tensor tril(Tensor x) { return TRIL.call1(x); }
    public static Tensor tril(Tensor x, long diagonal) { return TRIL.call1(x, diagonal); }
    public static Tensor triu(Tensor x) { return TRIU.call1(x); }
    public static Tensor triu(Tensor x, long diagonal) { return TRIU.call1(x, diagonal); }
    public static Tensor gather(Tensor x, long dim, Tensor index) { return GATHER.call1(x, dim, index); }
    public static Tensor scatter(Tensor x, long dim, Tensor index, Tensor src) { return SCATTER.call1(x, dim, index, src); }
    public static Tensor indexSelect(Tensor x, long dim, Tensor index) { return INDEX_SELECT.call1(x, dim, index); }
    /** Advanced indexing {@code x[i0, i1, ...]}; a null entry stands for {@code :}. */
    public static Tensor index(Tensor x, Tensor... indices) { return INDEX.call1(x, indices); }
    public static Tensor pixelShuffle(Tensor x, long upscaleFactor) { return PIXEL_SHUFFLE.call1(x, upscaleFactor); }
    /** {@code F.pad} in constant mode: {@code pad} lists (before, after) pairs from the last dim backwards. */
    public static Tensor pad(Tensor x, long[] pad, Number value) { return PAD.call1(x, pad, value); }
    public static Tensor pad(Tensor x, long... pad) { return PAD.call1(x, pad); }
    public static Tensor reflectionPad2d(Tensor x, long... padding) { return REFLECTION_PAD2D.call1(x, padding); }
    public static Tensor replicationPad2d(Tensor x, long... padding) { return REPLICATION_PAD2D.call1(x, padding); }

    private static final Op INDEX_PUT = op("aten::index_put"), INDEX_ADD = op("aten::index_add"), INDEX_COPY = op("aten::index_copy");
    private static final Op INDEX_FILL = op("aten::index_fill.int_Scalar"), SCATTER_ADD = op("aten::scatter_add");
    private static final Op SCATTER_V = op("aten::scatter.value"), MASKED_SCATTER = op("aten::masked_scatter");
    private static final Op MASKED_SELECT = op("aten::masked_select"), NONZERO = op("aten::nonzero"), TAKE = op("aten::take");
    private static final Op ONE_HOT = op("aten::one_hot"), BUCKETIZE = op("aten::bucketize.Tensor"), UNIQUE = op("aten::_unique2");
    private static final Op UNIQUE_DIM = op("aten::unique_dim");

    /** {@code x[indices] = values} (or {@code +=} when accumulating); one index tensor along dim 0. */
    public static Tensor indexPut(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) { return INDEX_PUT.call1(x, indices, values, accumulate); }
    public static Tensor indexAdd(Tensor x, long dim, Tensor index, Tensor source) { return INDEX_ADD.call1(x, dim, index, source); }
    public static Tensor indexCopy(Tensor x, long dim, Tensor index, Tensor source) { return INDEX_COPY.call1(x, dim, index, source); }
    public static Tensor indexFill(Tensor x, long dim, Tensor index, Number value) { return INDEX_FILL.call1(x, dim, index, value); }
    public static Tensor scatterAdd(Tensor x, long dim, Tensor index, Tensor src) { return SCATTER_ADD.call1(x, dim, index, src); }
    public static Tensor scatter(Tensor x, long dim, Tensor index, Number value) { return SCATTER_V.call1(x, dim, index, value); }
    public static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) { return MASKED_SCATTER.call1(x, mask, source); }
    /** A 1-D result whose size depends on the mask's values (dynamic in the export). */
    public static Tensor maskedSelect(Tensor x, Tensor mask) { return MASKED_SELECT.call1(x, mask); }
    /** [number of non-zeros, rank]; the first size depends on the values (dynamic in the export). */
    public static Tensor nonzero(Tensor x) { return NONZERO.call1(x); }
    public static Tensor take(Tensor x, Tensor index) { return TAKE.call1(x, index); }
    public static Tensor oneHot(Tensor x, long numClasses) { return ONE_HOT.call1(x, numClasses); }
    public static Tensor bucketize(Tensor x, Tensor boundaries, boolean outInt32, boolean right) { return BUCKETIZE.call1(x, boundaries, outInt32, right); }
    /** {values, inverse, counts}, sorted; sizes depend on the values (dynamic in the export). */
    public static Tensor[] unique(Tensor x, boolean returnInverse, boolean returnCounts) { return UNIQUE.call(x, true, returnInverse, returnCounts); }
    public static Tensor[] unique(Tensor x, long dim, boolean returnInverse, boolean returnCounts) { return UNIQUE_DIM.call(x, dim, true, returnInverse, returnCounts); }

    // ---- factories -----------------------------------------------------------------------------

    private static final Op ARANGE = op("aten::arange"), ARANGE_SS = op("aten::arange.start_step");
    private static final Op ZEROS = op("aten::zeros"), ONES = op("aten::ones"), FULL = op("aten::full");
    private static final Op ZEROS_LIKE = op("aten::zeros_like"), ONES_LIKE = op("aten::ones_like"), FULL_LIKE = op("aten::full_like");

    /** {@code torch.arange(end)}: int64 for an integer {@code end}, float32 for a double. */
    public static Tensor arange(Number end) { return ARANGE.call1(end); }
    public static Tensor arange(Number end, DType dtype) { return ARANGE.call1(end, dtype); }
    /** {@code torch.arange(T)} with a size read from a tensor, so a traced graph keeps it dynamic. */
    public static Tensor arange(SymInt end, DType dtype) { return ARANGE.call1(end, dtype); }
    public static Tensor arange(Number start, Number end, Number step, DType dtype) { return ARANGE_SS.call1(start, end, step, dtype); }

    public static Tensor zeros(long... size) { return ZEROS.call1(size); }
    public static Tensor zeros(SymInt... size) { return ZEROS.call1((Object) size); }
    public static Tensor zeros(DType dtype, long... size) { return ZEROS.call1(size, dtype); }
    public static Tensor zeros(DType dtype, SymInt... size) { return ZEROS.call1(size, dtype); }
    public static Tensor ones(long... size) { return ONES.call1(size); }
    public static Tensor ones(SymInt... size) { return ONES.call1((Object) size); }
    public static Tensor ones(DType dtype, long... size) { return ONES.call1(size, dtype); }
    public static Tensor ones(DType dtype, SymInt... size) { return ONES.call1(size, dtype); }
    /** {@code torch.full(size, fill)}: dtype from the fill value (float32 for a double, int64 for an int). */
    public static Tensor full(long[] size, Number fill) { return FULL.call1(size, fill); }
    public static Tensor full(SymInt[] size, Number fill) { return FULL.call1(size, fill); }
    public static Tensor full(long[] size, Number fill, DType dtype) { return FULL.call1(size, fill, dtype); }
    public static Tensor full(SymInt[] size, Number fill, DType dtype) { return FULL.call1(size, fill, dtype); }
    public static Tensor zerosLike(Tensor x) { return ZEROS_LIKE.call1(x); }
    public static Tensor zerosLike(Tensor x, DType dtype) { return ZEROS_LIKE.call1(x, dtype); }
    public static Tensor onesLike(Tensor x) { return ONES_LIKE.call1(x); }
    public static Tensor onesLike(Tensor x, DType dtype) { return ONES_LIKE.call1(x, dtype); }
    public static Tensor fullLike(Tensor x, Number fill) { return FULL_LIKE.call1(x, fill); }
    public static Tensor fullLike(Tensor x, Number fill, DType dtype) { return FULL_LIKE.call1(x, fill, dtype); }

    private static final Op EYE = op("aten::eye"), EYE_M = op("aten::eye.m"), LINSPACE = op("aten::linspace");
    private static final Op NEW_ZEROS = op("aten::new_zeros"), NEW_ONES = op("aten::new_ones"), NEW_FULL = op("aten::new_full");
    private static final Op SCALAR_TENSOR = op("aten::scalar_tensor"), HANN = op("aten::hann_window.periodic"), FILL = op("aten::fill.Scalar");

    public static Tensor eye(long n, DType dtype) { return EYE.call1(n, dtype); }
    public static Tensor eye(long n, long m, DType dtype) { return EYE_M.call1(n, m, dtype); }
    public static Tensor linspace(Number start, Number end, long steps, DType dtype) { return LINSPACE.call1(start, end, steps, dtype); }
    public static Tensor newZeros(Tensor like, long... size) { return NEW_ZEROS.call1(like, size); }
    public static Tensor newOnes(Tensor like, long... size) { return NEW_ONES.call1(like, size); }
    public static Tensor newFull(Tensor like, long[] size, Number value) { return NEW_FULL.call1(like, size, value); }
    public static Tensor scalarTensor(Number value, DType dtype) { return SCALAR_TENSOR.call1(value, dtype); }
    public static Tensor hannWindow(long length, boolean periodic, DType dtype) { return HANN.call1(length, periodic, dtype); }
    /** A new tensor like {@code x} filled with {@code value}. */
    public static Tensor fill(Tensor x, Number value) { return FILL.call1(x, value); }

    // ---- linear algebra ------------------------------------------------------------------------

    private static final Op LINEAR = op("aten::linear"), MATMUL = op("aten::matmul"), MM = op("aten::mm"), BMM = op("aten::bmm");
    private static final Op DOT = op("aten::dot"), OUTER = op("aten::outer"), EINSUM = op("aten::einsum");
    private static final Op ADDMM = op("aten::addmm"), BADDBMM = op("aten::baddbmm");

    public static Tensor linear(Tensor x, Tensor weight) { return LINEAR.call1(x, weight); }
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return LINEAR.call1(x, weight, bias); }
    public static Tensor matmul(Tensor a, Tensor b) { return MATMUL.call1(a, b); }
    public static Tensor mm(Tensor a, Tensor b) { return MM.call1(a, b); }
    public static Tensor bmm(Tensor a, Tensor b) { return BMM.call1(a, b); }
    public static Tensor dot(Tensor a, Tensor b) { return DOT.call1(a, b); }
    public static Tensor outer(Tensor a, Tensor b) { return OUTER.call1(a, b); }
    public static Tensor einsum(String equation, Tensor... operands) { return EINSUM.call1(equation, operands); }
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2) { return ADDMM.call1(self, m1, m2); }
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2, Number beta, Number alpha) { return ADDMM.call1(self, m1, m2, beta, alpha); }
    public static Tensor baddbmm(Tensor self, Tensor b1, Tensor b2) { return BADDBMM.call1(self, b1, b2); }
    public static Tensor baddbmm(Tensor self, Tensor b1, Tensor b2, Number beta, Number alpha) {
        return BADDBMM.call1(self, b1, b2, beta, alpha);
    }

    private static final Op MV = op("aten::mv"), CROSS = op("aten::linalg_cross"), TENSORDOT = op("aten::tensordot");
    private static final Op CDIST = op("aten::cdist"), DET = op("aten::linalg_det"), LOGDET = op("aten::logdet");

    public static Tensor mv(Tensor m, Tensor v) { return MV.call1(m, v); }
    public static Tensor cross(Tensor a, Tensor b, long dim) { return CROSS.call1(a, b, dim); }
    public static Tensor tensordot(Tensor a, Tensor b, long[] dimsA, long[] dimsB) { return TENSORDOT.call1(a, b, dimsA, dimsB); }
    public static Tensor cdist(Tensor x1, Tensor x2, double p) { return CDIST.call1(x1, x2, p); }
    public static Tensor det(Tensor x) { return DET.call1(x); }
    public static Tensor logdet(Tensor x) { return LOGDET.call1(x); }

    // ---- convolution and pooling ---------------------------------------------------------------

    private static final Op CONV1D = op("aten::conv1d"), CONV2D = op("aten::conv2d"), CONV3D = op("aten::conv3d");
    private static final Op CONV_T1D = op("aten::conv_transpose1d"), CONV_T2D = op("aten::conv_transpose2d.input");
    private static final Op MAX_POOL1D = op("aten::max_pool1d"), MAX_POOL2D = op("aten::max_pool2d"), AVG_POOL2D = op("aten::avg_pool2d");
    private static final Op ADAPTIVE_AVG2D = op("aten::adaptive_avg_pool2d"), ADAPTIVE_MAX2D = op("aten::adaptive_max_pool2d");
    private static final Op IM2COL = op("aten::im2col");

    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias) { return CONV1D.call1(x, w, bias); }
    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return CONV1D.call1(x, w, bias, stride, padding, dilation, groups);
    }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias) { return CONV2D.call1(x, w, bias); }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding) {
        return CONV2D.call1(x, w, bias, stride, padding);
    }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return CONV2D.call1(x, w, bias, stride, padding, dilation, groups);
    }
    public static Tensor conv3d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return CONV3D.call1(x, w, bias, stride, padding, dilation, groups);
    }
    public static Tensor convTranspose1d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
                                         long groups, long[] dilation) {
        return CONV_T1D.call1(x, w, bias, stride, padding, outputPadding, groups, dilation);
    }
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
                                         long groups, long[] dilation) {
        return CONV_T2D.call1(x, w, bias, stride, padding, outputPadding, groups, dilation);
    }
    /** {@code F.max_pool1d(x, k)}: stride defaults to the kernel size. */
    public static Tensor maxPool1d(Tensor x, long kernelSize) { return MAX_POOL1D.call1(x, new long[] {kernelSize}); }
    public static Tensor maxPool1d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return MAX_POOL1D.call1(x, kernelSize, stride, padding, dilation, ceilMode);
    }
    /** {@code F.max_pool2d(x, k)}: stride defaults to the kernel size. */
    public static Tensor maxPool2d(Tensor x, long kernelSize) { return MAX_POOL2D.call1(x, new long[] {kernelSize, kernelSize}); }
    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return MAX_POOL2D.call1(x, kernelSize, stride, padding, dilation, ceilMode);
    }
    public static Tensor avgPool2d(Tensor x, long kernelSize) { return AVG_POOL2D.call1(x, new long[] {kernelSize, kernelSize}); }
    /** {@code divisorOverride} may be null. */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        return AVG_POOL2D.call1(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) { return ADAPTIVE_AVG2D.call1(x, outputSize); }
    /** Returns {values, indices}. */
    public static Tensor[] adaptiveMaxPool2d(Tensor x, long... outputSize) { return ADAPTIVE_MAX2D.call(x, outputSize); }
    public static Tensor im2col(Tensor x, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        return IM2COL.call1(x, kernelSize, dilation, padding, stride);
    }

    private static final Op AVG_POOL1D = op("aten::avg_pool1d"), AVG_POOL3D = op("aten::avg_pool3d"), MAX_POOL3D = op("aten::max_pool3d");
    private static final Op MAX_POOL1D_I = op("aten::max_pool1d_with_indices"), MAX_POOL2D_I = op("aten::max_pool2d_with_indices");
    private static final Op MAX_POOL3D_I = op("aten::max_pool3d_with_indices");
    private static final Op ADAPTIVE_AVG1D = op("aten::adaptive_avg_pool1d"), ADAPTIVE_AVG3D = op("aten::adaptive_avg_pool3d");
    private static final Op ADAPTIVE_MAX1D = op("aten::adaptive_max_pool1d"), ADAPTIVE_MAX3D = op("aten::adaptive_max_pool3d");
    private static final Op CONV_T3D = op("aten::conv_transpose3d.input"), CONVOLUTION = op("aten::convolution");
    private static final Op CONV_TBC = op("aten::conv_tbc");
    private static final Op REFLECTION_PAD1D = op("aten::reflection_pad1d"), REPLICATION_PAD1D = op("aten::replication_pad1d");
    private static final Op REPLICATION_PAD3D = op("aten::replication_pad3d"), PAD_MODE = op("aten::pad");

    public static Tensor avgPool1d(Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad) {
        return AVG_POOL1D.call1(x, kernel, stride, padding, ceilMode, countIncludePad);
    }
    public static Tensor avgPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                                   Long divisorOverride) {
        return AVG_POOL3D.call1(x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
    public static Tensor maxPool3d(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return MAX_POOL3D.call1(x, kernel, stride, padding, dilation, ceilMode);
    }
    /** {values, indices within each plane} for 1-D, 2-D or 3-D windows (by the kernel's length). */
    public static Tensor[] maxPoolWithIndices(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        Op op = kernel.length == 1 ? MAX_POOL1D_I : kernel.length == 2 ? MAX_POOL2D_I : MAX_POOL3D_I;
        return op.call(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Tensor adaptiveAvgPool1d(Tensor x, long outputSize) { return ADAPTIVE_AVG1D.call1(x, new long[] {outputSize}); }
    public static Tensor adaptiveAvgPool3d(Tensor x, long[] outputSize) { return ADAPTIVE_AVG3D.call1(x, outputSize); }
    public static Tensor[] adaptiveMaxPool1d(Tensor x, long outputSize) { return ADAPTIVE_MAX1D.call(x, new long[] {outputSize}); }
    public static Tensor[] adaptiveMaxPool3d(Tensor x, long[] outputSize) { return ADAPTIVE_MAX3D.call(x, outputSize); }
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
                                         long groups, long[] dilation) {
        return CONV_T3D.call1(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
    /** The generic convolution: 1-3 spatial dims by the weight's rank, transposed or not. */
    public static Tensor convolution(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
                                     boolean transposed, long[] outputPadding, long groups) {
        return CONVOLUTION.call1(x, weight, bias, stride, padding, dilation, transposed, outputPadding, groups);
    }
    /** Time-batch-channel convolution: input [T, B, Cin], weight [K, Cin, Cout]. */
    public static Tensor convTbc(Tensor x, Tensor weight, Tensor bias, long pad) { return CONV_TBC.call1(x, weight, bias, pad); }
    public static Tensor reflectionPad1d(Tensor x, long left, long right) { return REFLECTION_PAD1D.call1(x, new long[] {left, right}); }
    public static Tensor replicationPad1d(Tensor x, long left, long right) { return REPLICATION_PAD1D.call1(x, new long[] {left, right}); }
    public static Tensor replicationPad3d(Tensor x, long[] padding) { return REPLICATION_PAD3D.call1(x, padding); }
    /** {@code mode}: constant, reflect, replicate or circular; {@code value} (constant mode) may be null. */
    public static Tensor pad(Tensor x, long[] pad, String mode, Double value) { return PAD_MODE.call1(x, pad, mode, value); }

    // ---- normalization, embedding, dropout, resampling -------------------------------------------

    private static final Op BATCH_NORM = op("aten::batch_norm"), LAYER_NORM = op("aten::layer_norm");
    private static final Op GROUP_NORM = op("aten::group_norm"), INSTANCE_NORM = op("aten::instance_norm");
    private static final Op EMBEDDING = op("aten::embedding"), DROPOUT = op("aten::dropout");
    private static final Op UPSAMPLE_NEAREST2D = op("aten::upsample_nearest2d.vec"), UPSAMPLE_BILINEAR2D = op("aten::upsample_bilinear2d.vec");

    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return BATCH_NORM.call1(x, weight, bias, runningMean, runningVar, training, momentum, eps, false);
    }
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return LAYER_NORM.call1(x, normalizedShape, weight, bias, eps, false);
    }
    public static Tensor layerNorm(Tensor x, long[] normalizedShape) { return LAYER_NORM.call1(x, normalizedShape); }
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        return GROUP_NORM.call1(x, numGroups, weight, bias, eps, false);
    }
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return INSTANCE_NORM.call1(x, weight, bias, runningMean, runningVar, useInputStats, momentum, eps, false);
    }
    // ---- transformer parts (fused into RMSNormalization, Attention and RotaryEmbedding from opset 23) ------

    private static final Op RMS_NORM = op("aten::rms_norm"), SDPA = op("aten::scaled_dot_product_attention");
    private static final Op ROTARY = op("onnxport::rotary_embedding");

    /** {@code x / sqrt(mean(x^2) + eps) * weight} over the trailing {@code normalizedShape} dims; weight may be null. */
    public static Tensor rmsNorm(Tensor x, long[] normalizedShape, Tensor weight, double eps) {
        return RMS_NORM.call1(x, normalizedShape, weight, eps);
    }
    /** {@code softmax(q k^T / sqrt(E) + mask) v} for q [..., L, E], k [..., S, E], v [..., S, Ev]; mask (bool: true attends, or additive) may be null. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask) { return SDPA.call1(q, k, v, mask); }
    /**
     * torch's {@code F.scaled_dot_product_attention}: {@code isCausal} masks keys after each query (upper-left aligned),
     * {@code scale} null means 1/sqrt(E), {@code enableGqa} lets [..., heads, L, E] queries share [..., kv_heads, S, E] keys.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, boolean isCausal, Double scale,
                                                   boolean enableGqa) {
        return SDPA.call1(q, k, v, mask, 0.0, isCausal, scale, enableGqa);
    }
    /**
     * Rotary position embedding of x [batch, heads, seq, head_dim] by cos, sin [batch, seq, rotary_dim/2]: halves
     * (x1, x2) of the first rotary_dim features become (x1 cos - x2 sin, x2 cos + x1 sin), as Llama's
     * {@code x * cos + rotate_half(x) * sin}; ONNX's RotaryEmbedding from opset 23.
     */
    public static Tensor rotaryEmbedding(Tensor x, Tensor cos, Tensor sin) { return ROTARY.call1(x, cos, sin, false); }
    /** {@link #rotaryEmbedding(Tensor, Tensor, Tensor)}; {@code interleaved}: rotate adjacent pairs (GPT-J) instead of halves. */
    public static Tensor rotaryEmbedding(Tensor x, Tensor cos, Tensor sin, boolean interleaved) { return ROTARY.call1(x, cos, sin, interleaved); }

    /** {@code F.embedding(input, weight)}: note PyTorch's aten order (weight first) is used underneath. */
    public static Tensor embedding(Tensor input, Tensor weight) { return EMBEDDING.call1(weight, input); }
    public static Tensor embedding(Tensor input, Tensor weight, long paddingIdx) { return EMBEDDING.call1(weight, input, paddingIdx); }
    public static Tensor dropout(Tensor x, double p, boolean training) { return DROPOUT.call1(x, p, training); }
    public static Tensor upsampleNearest2d(Tensor x, long[] outputSize, double[] scaleFactors) {
        return UPSAMPLE_NEAREST2D.call1(x, outputSize, scaleFactors);
    }
    public static Tensor upsampleBilinear2d(Tensor x, long[] outputSize, boolean alignCorners, double[] scaleFactors) {
        return UPSAMPLE_BILINEAR2D.call1(x, outputSize, alignCorners, scaleFactors);
    }

    private static final Op NATIVE_LAYER_NORM = op("aten::native_layer_norm"), WEIGHT_NORM = op("aten::_weight_norm");
    private static final Op NATIVE_DROPOUT = op("aten::native_dropout"), ALPHA_DROPOUT = op("aten::alpha_dropout");
    private static final Op FEATURE_DROPOUT = op("aten::feature_dropout"), EMBEDDING_BAG = op("aten::embedding_bag");
    private static final Op UPSAMPLE_NEAREST1D = op("aten::upsample_nearest1d.vec"), UPSAMPLE_NEAREST3D = op("aten::upsample_nearest3d.vec");
    private static final Op UPSAMPLE_LINEAR1D = op("aten::upsample_linear1d.vec"), UPSAMPLE_TRILINEAR3D = op("aten::upsample_trilinear3d.vec");
    private static final Op UPSAMPLE_BICUBIC2D = op("aten::upsample_bicubic2d.vec"), PIXEL_UNSHUFFLE = op("aten::pixel_unshuffle");
    private static final Op GRID_SAMPLER = op("aten::grid_sampler");
    private static final Op FAKE_QUANT = op("aten::fake_quantize_per_tensor_affine"), FAKE_QUANT_CH = op("aten::fake_quantize_per_channel_affine");
    private static final Op NLL_LOSS = op("aten::nll_loss"), NLL_LOSS2D = op("aten::nll_loss2d"), CROSS_ENTROPY = op("aten::cross_entropy_loss");
    private static final Op BCE_LOGITS = op("aten::binary_cross_entropy_with_logits"), KL_DIV = op("aten::kl_div");
    private static final Op MSE_LOSS = op("aten::mse_loss"), L1_LOSS = op("aten::l1_loss"), SMOOTH_L1_LOSS = op("aten::smooth_l1_loss");

    /** {output, mean, 1/std} */
    public static Tensor[] nativeLayerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return NATIVE_LAYER_NORM.call(x, normalizedShape, weight, bias, eps);
    }
    public static Tensor weightNorm(Tensor v, Tensor g, long dim) { return WEIGHT_NORM.call1(v, g, dim); }
    /** {output, mask}; eval mode only (train false). */
    public static Tensor[] nativeDropout(Tensor x, double p, Boolean train) { return NATIVE_DROPOUT.call(x, p, train); }
    public static Tensor alphaDropout(Tensor x, double p, boolean train) { return ALPHA_DROPOUT.call1(x, p, train); }
    public static Tensor featureDropout(Tensor x, double p, boolean train) { return FEATURE_DROPOUT.call1(x, p, train); }
    /** Mean mode (1): {output, offset2bag, bag sizes, max_indices}. */
    public static Tensor[] embeddingBag(Tensor weight, Tensor indices, Tensor offsets, long mode) {
        return EMBEDDING_BAG.call(weight, indices, offsets, false, mode, false, null, false);
    }
    /** Exactly one of {@code outputSize} and {@code scaleFactors} is non-null. */
    public static Tensor upsampleNearest1d(Tensor x, long[] outputSize, double[] scaleFactors) { return UPSAMPLE_NEAREST1D.call1(x, outputSize, scaleFactors); }
    public static Tensor upsampleNearest3d(Tensor x, long[] outputSize, double[] scaleFactors) { return UPSAMPLE_NEAREST3D.call1(x, outputSize, scaleFactors); }
    public static Tensor upsampleLinear1d(Tensor x, long[] outputSize, boolean alignCorners, double[] scaleFactors) {
        return UPSAMPLE_LINEAR1D.call1(x, outputSize, alignCorners, scaleFactors);
    }
    public static Tensor upsampleTrilinear3d(Tensor x, long[] outputSize, boolean alignCorners, double[] scaleFactors) {
        return UPSAMPLE_TRILINEAR3D.call1(x, outputSize, alignCorners, scaleFactors);
    }
    public static Tensor upsampleBicubic2d(Tensor x, long[] outputSize, boolean alignCorners, double[] scaleFactors) {
        return UPSAMPLE_BICUBIC2D.call1(x, outputSize, alignCorners, scaleFactors);
    }
    public static Tensor pixelUnshuffle(Tensor x, long downscaleFactor) { return PIXEL_UNSHUFFLE.call1(x, downscaleFactor); }
    /** {@code mode} 0 bilinear, 1 nearest; {@code padding} 0 zeros, 1 border. */
    public static Tensor gridSampler(Tensor x, Tensor grid, long mode, long padding, boolean alignCorners) {
        return GRID_SAMPLER.call1(x, grid, mode, padding, alignCorners);
    }
    public static Tensor fakeQuantize(Tensor x, double scale, long zeroPoint, long quantMin, long quantMax) {
        return FAKE_QUANT.call1(x, scale, zeroPoint, quantMin, quantMax);
    }
    public static Tensor fakeQuantize(Tensor x, Tensor scale, Tensor zeroPoint, long axis, long quantMin, long quantMax) {
        return FAKE_QUANT_CH.call1(x, scale, zeroPoint, axis, quantMin, quantMax);
    }
    /** {@code reduction}: 0 none, 1 mean, 2 sum; {@code weight} may be null. */
    public static Tensor nllLoss(Tensor logp, Tensor target, Tensor weight, long reduction, long ignoreIndex) {
        return (logp.dim() == 4 ? NLL_LOSS2D : NLL_LOSS).call1(logp, target, weight, reduction, ignoreIndex);
    }
    public static Tensor crossEntropy(Tensor x, Tensor target, Tensor weight, long reduction, long ignoreIndex, double labelSmoothing) {
        return CROSS_ENTROPY.call1(x, target, weight, reduction, ignoreIndex, labelSmoothing);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor target, Tensor weight, Tensor posWeight, long reduction) {
        return BCE_LOGITS.call1(x, target, weight, posWeight, reduction);
    }
    public static Tensor klDiv(Tensor x, Tensor target, long reduction, boolean logTarget) { return KL_DIV.call1(x, target, reduction, logTarget); }
    public static Tensor mseLoss(Tensor x, Tensor target, long reduction) { return MSE_LOSS.call1(x, target, reduction); }
    public static Tensor l1Loss(Tensor x, Tensor target, long reduction) { return L1_LOSS.call1(x, target, reduction); }
    public static Tensor smoothL1Loss(Tensor x, Tensor target, long reduction, double beta) { return SMOOTH_L1_LOSS.call1(x, target, reduction, beta); }

    // ---- recurrent -----------------------------------------------------------------------------

    private static final Op LSTM_CELL = op("aten::lstm_cell"), GRU_CELL = op("aten::gru_cell"), RNN_TANH_CELL = op("aten::rnn_tanh_cell");

    /** One LSTM step: {h', c'}; biases may be null. */
    public static Tensor[] lstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return LSTM_CELL.call(x, new Tensor[] {h, c}, wIh, wHh, bIh, bHh);
    }
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) { return GRU_CELL.call1(x, h, wIh, wHh, bIh, bHh); }
    public static Tensor rnnTanhCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RNN_TANH_CELL.call1(x, h, wIh, wHh, bIh, bHh);
    }

    private static final Op LSTM = op("aten::lstm.input"), GRU = op("aten::gru.input");
    private static final Op RNN_TANH = op("aten::rnn_tanh.input"), RNN_RELU = op("aten::rnn_relu.input");

    /** Returns {output, h_n, c_n}; {@code params} per layer and direction: w_ih, w_hh[, b_ih, b_hh]. */
    public static Tensor[] lstm(Tensor input, Tensor[] hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
                                boolean train, boolean bidirectional, boolean batchFirst) {
        return LSTM.call(input, hx, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }
    /** Returns {output, h_n}. */
    public static Tensor[] gru(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
                               boolean train, boolean bidirectional, boolean batchFirst) {
        return GRU.call(input, hx, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }
    /** Returns {output, h_n}. */
    public static Tensor[] rnnTanh(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
                                   boolean train, boolean bidirectional, boolean batchFirst) {
        return RNN_TANH.call(input, hx, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }
    /** Returns {output, h_n}. */
    public static Tensor[] rnnRelu(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
                                   boolean train, boolean bidirectional, boolean batchFirst) {
        return RNN_RELU.call(input, hx, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }

    // ---- control flow --------------------------------------------------------------------------
    // Eagerly plain Java; while tracing, each body becomes a block of one prim::If, prim::Loop or prim::Scan node,
    // lowered to ONNX If, Loop and Scan (see CONTRIBUTING.md, "Control flow").

    /** A body: values in, values out. */
    @FunctionalInterface public interface Body { Tensor[] apply(Tensor... values); }

    /** A loop condition: one bool value computed from the carried values. */
    @FunctionalInterface public interface Predicate { Tensor test(Tensor... carried); }

    /** A loop body that also reads the iteration number (an int64 0-d tensor counting from 0). */
    @FunctionalInterface public interface IndexedBody { Tensor[] apply(Tensor iteration, Tensor... carried); }

    /**
     * {@code pred ? thenFn(operands) : elseFn(operands)}, with {@code pred} one bool value. Traced, both branches
     * are recorded (each runs once on the example inputs) and the choice is made by the exported model: an ONNX If.
     * The branches must return as many values, of the same dtypes and ranks (sizes may differ).
     */
    public static Tensor[] cond(Tensor pred, Body thenFn, Body elseFn, Tensor... operands) {
        return ControlFlow.cond(pred, thenFn, elseFn, operands);
    }

    /**
     * {@code while (cond(c) && trips < maxIterations) c = body(c)}; returns the last carried values. Traced: an ONNX
     * Loop whose trip count and condition are computed by the exported model. A carried value keeps its dtype and
     * rank; its sizes may change from one iteration to the next.
     */
    public static Tensor[] whileLoop(Predicate cond, Body body, long maxIterations, Tensor... carried) {
        return whileLoop(cond, body, Tensor.scalar(maxIterations), carried);
    }

    /** {@link #whileLoop(Predicate, Body, long, Tensor...)} with the bound an int64 value computed by the model. */
    public static Tensor[] whileLoop(Predicate cond, Body body, Tensor maxIterations, Tensor... carried) {
        return ControlFlow.loop(cond, (i, c) -> body.apply(c), maxIterations, carried, "whileLoop");
    }

    /** {@code for (i = 0; i < n; i++) c = body(i, c)}; returns the last carried values. Traced: an ONNX Loop. */
    public static Tensor[] fori(long n, IndexedBody body, Tensor... carried) {
        return fori(Tensor.scalar(n), body, carried);
    }

    /** {@link #fori(long, IndexedBody, Tensor...)} with the trip count an int64 value computed by the model (an input). */
    public static Tensor[] fori(Tensor n, IndexedBody body, Tensor... carried) {
        return ControlFlow.loop(null, body, n, carried, "fori");
    }

    /**
     * Runs {@code step(carry..., x_t...)} for each index t along {@code axis} of the {@code xs} (all as long there),
     * where {@code step} returns the new carry followed by per-step outputs {@code y_t...}; returns the last carry
     * followed by each y stacked along {@code axis}. Traced: an ONNX Scan (opset 9 and later).
     */
    public static Tensor[] scan(Body step, Tensor[] init, long axis, Tensor... xs) {
        return ControlFlow.scan(step, init, axis, xs);
    }
}
