package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.div;
import static dev.onnxport.onnx.symbolic.OnnxOps.dtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.mulConst;
import static dev.onnxport.onnx.symbolic.OnnxOps.outDtype;
import static dev.onnxport.onnx.symbolic.OnnxOps.reduce;
import static dev.onnxport.onnx.symbolic.OnnxOps.scalar;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.OnnxOps.typed;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/**
 * Losses, from opset 7 with elementwise ops and reductions: mse, l1, smooth l1, kl_div, binary cross entropy with
 * logits, and nll / cross entropy (with weights, ignore_index and label smoothing) through a one-hot of the target
 * (an Equal against the class indices), so they need neither GatherElements (11) nor NegativeLogLikelihoodLoss (12).
 */
final class LossSymbolics {
    private LossSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::mse_loss", 7, g -> {
            Value d = sub(g, x(g, 0), x(g, 1));
            return one(reduction(g, mul(g, d, d), 2));
        });
        t.add("aten::l1_loss", 7, g -> one(reduction(g, typed(g, "Abs", sub(g, x(g, 0), x(g, 1))), 2)));
        t.add("aten::smooth_l1_loss", 7, g -> {
            double beta = ((Number) g.constant(3)).doubleValue();
            Value ad = typed(g, "Abs", sub(g, x(g, 0), x(g, 1)));
            if (beta == 0) return one(reduction(g, ad, 2));
            DType d = dtype(g, ad);
            Value quad = mulConst(g, mul(g, ad, ad), 0.5 / beta);
            Value lin = OnnxOps.addConst(g, ad, -0.5 * beta);
            return one(reduction(g, OnnxOps.where(g, OnnxOps.less(g, ad, scalar(g, beta, d)), quad, lin), 2));
        });
        t.add("aten::kl_div", 7, g -> {
            Value x = x(g, 0), tg = x(g, 1);
            Value l;
            if ((Boolean) g.constant(3)) {
                l = mul(g, typed(g, "Exp", tg), sub(g, tg, x));
            } else {
                // t log t with 0 log 0 = 0: log(t + (t <= 0)) is log 1 = 0 where t is 0
                DType d = dtype(g, tg);
                Value nonPos = cast(g, OnnxOps.not(g, OnnxOps.greater(g, tg, scalar(g, 0.0, d))), d);
                l = sub(g, mul(g, tg, typed(g, "Log", add(g, tg, nonPos))), mul(g, tg, x));
            }
            return one(reduction(g, l, 2));
        });
        t.add("aten::binary_cross_entropy_with_logits", 7, g -> {
            Value x = x(g, 0), tg = x(g, 1);
            DType d = dtype(g, x);
            Value negX = g.op("Neg", x).output();
            Value softplusNeg = add(g, typed(g, "Log", OnnxOps.addConst(g, typed(g, "Exp", g.op("Neg", typed(g, "Abs", x)).output()), 1.0)),
                    typed(g, "Relu", negX));
            Value oneMinusT = sub(g, scalar(g, 1.0, d), tg);
            Value l = g.isNone(3) ? softplusNeg
                    : mul(g, OnnxOps.addConst(g, mul(g, OnnxOps.addConst(g, x(g, 3), -1.0), tg), 1.0), softplusNeg);
            l = add(g, mul(g, oneMinusT, x), l);
            if (!g.isNone(2)) l = mul(g, l, x(g, 2));
            return one(reduction(g, l, 4));
        });
        t.add("aten::nll_loss", 7, g -> one(nll(g, x(g, 0), 0)));
        t.add("aten::nll_loss2d", 7, g -> one(nll(g, x(g, 0), 0)));
        t.add("aten::cross_entropy_loss", 7, g -> {
            Value x = x(g, 0);
            long axis = OnnxOps.inRank(g, 0) >= 2 ? 1 : 0;
            Value logp = sub(g, x, reduce(g, "ReduceLogSumExp", x, new long[] {axis}, true));
            return one(nll(g, logp, ((Number) g.constant(5)).doubleValue()));
        });
    }

    private static Value x(SymbolicContext g, int i) { return cast(g, g.input(i), outDtype(g, 0)); }

    /** reduction argument {@code i}: 0 none, 1 mean, 2 sum. */
    private static Value reduction(SymbolicContext g, Value l, int i) {
        long r = (Long) g.constant(i);
        if (r == 0) return l;
        return reduce(g, r == 1 ? "ReduceMean" : "ReduceSum", l, null, false);
    }

    /**
     * nll of log-probabilities {@code logp} ([N, C, ...] or [C]) at target (input 1), weight (input 2), reduction
     * (input 3), ignore_index (input 4); label smoothing {@code eps}.
     */
    private static Value nll(SymbolicContext g, Value logp, double eps) {
        Type lt = OnnxOps.inType(g, 0);
        int rank = lt.rank();
        long axis = rank >= 2 ? 1 : 0;
        long classes = lt.shape()[(int) axis];
        DType d = dtype(g, logp);
        long ignore = (Long) g.constant(4);
        Value target = cast(g, g.input(1), DType.INT64);
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[(int) axis] = classes;
        long[] idx = new long[(int) classes];
        for (int c = 0; c < classes; c++) idx[c] = c;
        Value classIdx = g.constant(Tensor.of(idx, shape));
        Value keep = OnnxOps.not(g, OnnxOps.equal(g, target, g.constant(Tensor.scalar(ignore))));
        Value hot = OnnxOps.and(g, OnnxOps.equal(g, OnnxOps.unsqueeze(g, target, axis), classIdx), OnnxOps.unsqueeze(g, keep, axis));
        Value w = cast(g, hot, d);
        if (!g.isNone(2)) w = mul(g, w, g.op("Reshape", cast(g, g.input(2), d), g.constantLongs(shape)).output());
        Value wsel = reduce(g, "ReduceSum", w, new long[] {axis}, false);
        Value loss = g.op("Neg", reduce(g, "ReduceSum", mul(g, logp, w), new long[] {axis}, false)).output();
        if (eps > 0) {
            Value wl = g.isNone(2) ? logp : mul(g, logp, g.op("Reshape", cast(g, g.input(2), d), g.constantLongs(shape)).output());
            Value smooth = g.op("Neg", reduce(g, "ReduceSum", wl, new long[] {axis}, false)).output();
            smooth = mul(g, smooth, cast(g, keep, d));
            loss = add(g, mulConst(g, loss, 1 - eps), mulConst(g, smooth, eps / classes));
        }
        long r = (Long) g.constant(3);
        if (r == 0) return loss;
        Value sum = reduce(g, "ReduceSum", loss, null, false);
        if (r == 2) return sum;
        return div(g, sum, reduce(g, "ReduceSum", wsel, null, false));
    }
}
