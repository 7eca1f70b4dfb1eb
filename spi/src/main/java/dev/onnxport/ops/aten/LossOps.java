package dev.onnxport.ops.aten;

import static dev.onnxport.ops.aten.AtenOps.call;
import static dev.onnxport.ops.aten.AtenOps.composite;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;

/**
 * Aten ops: the losses (mse, l1, smooth l1, kl_div, binary cross entropy with logits, nll, cross entropy with label
 * smoothing), made of other ops ({@link AtenOps#composite}). {@code reduction} is 0 none, 1 mean, 2 sum.
 */
final class LossOps {
    private LossOps() {}

    static void register(OpRegistry r) {
        composite(r, "aten::mse_loss(Tensor self, Tensor target, int reduction=1) -> Tensor", a -> {
            Tensor d = call("aten::sub.Tensor", a.tensor(0), a.tensor(1));
            return reduce(call("aten::mul.Tensor", d, d), a.integer(2));
        });
        composite(r, "aten::l1_loss(Tensor self, Tensor target, int reduction=1) -> Tensor",
                a -> reduce(call("aten::abs", call("aten::sub.Tensor", a.tensor(0), a.tensor(1))), a.integer(2)));
        composite(r, "aten::smooth_l1_loss(Tensor self, Tensor target, int reduction=1, float beta=1.) -> Tensor", a -> {
            double beta = a.real(3);
            Tensor ad = call("aten::abs", call("aten::sub.Tensor", a.tensor(0), a.tensor(1)));
            if (beta == 0) return reduce(ad, a.integer(2));
            Tensor quad = call("aten::mul.Scalar", call("aten::mul.Tensor", ad, ad), 0.5 / beta);
            Tensor lin = call("aten::sub.Scalar", ad, 0.5 * beta);
            return reduce(call("aten::where.self", call("aten::lt.Scalar", ad, beta), quad, lin), a.integer(2));
        });
        composite(r, "aten::kl_div(Tensor self, Tensor target, int reduction=1, *, bool log_target=False) -> Tensor", a -> {
            Tensor x = a.tensor(0), t = a.tensor(1);
            Tensor l;
            if (a.bool(3)) {
                l = call("aten::mul.Tensor", call("aten::exp", t), call("aten::sub.Tensor", t, x));
            } else {
                // xlogy(t, t) - t * x, with 0 * log 0 = 0
                Tensor tlogt = call("aten::where.self", call("aten::gt.Scalar", t, 0L),
                        call("aten::mul.Tensor", t, call("aten::log", t)), call("aten::mul.Scalar", t, 0L));
                l = call("aten::sub.Tensor", tlogt, call("aten::mul.Tensor", t, x));
            }
            return reduce(l, a.integer(2));
        });
        composite(r, "aten::binary_cross_entropy_with_logits(Tensor self, Tensor target, Tensor? weight=None, "
                + "Tensor? pos_weight=None, int reduction=1) -> Tensor", a -> {
            Tensor x = a.tensor(0), t = a.tensor(1);
            // log(1 + e^-|x|) + max(-x, 0) = -log(sigmoid(x)), without overflow
            Tensor softplusNeg = call("aten::add.Tensor", call("aten::log1p", call("aten::exp", call("aten::neg", call("aten::abs", x)))),
                    call("aten::relu", call("aten::neg", x)));
            Tensor oneMinusT = call("aten::rsub.Scalar", t, 1L);
            Tensor l;
            if (a.isNone(3)) {
                l = call("aten::add.Tensor", call("aten::mul.Tensor", oneMinusT, x), softplusNeg);
            } else {
                Tensor coef = call("aten::add.Scalar", call("aten::mul.Tensor", call("aten::sub.Scalar", a.tensor(3), 1L), t), 1L);
                l = call("aten::add.Tensor", call("aten::mul.Tensor", oneMinusT, x), call("aten::mul.Tensor", coef, softplusNeg));
            }
            if (!a.isNone(2)) l = call("aten::mul.Tensor", l, a.tensor(2));
            return reduce(l, a.integer(4));
        });
        composite(r, "aten::nll_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor",
                a -> nll(a.tensor(0), a.tensor(1), a.isNone(2) ? null : a.tensor(2), a.integer(3), a.integer(4), 0));
        composite(r, "aten::nll_loss2d(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor",
                a -> nll(a.tensor(0), a.tensor(1), a.isNone(2) ? null : a.tensor(2), a.integer(3), a.integer(4), 0));
        composite(r, "aten::cross_entropy_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, "
                + "int ignore_index=-100, float label_smoothing=0.) -> Tensor", a -> {
            Tensor x = a.tensor(0);
            if (a.tensor(1).dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("aten::cross_entropy_loss: class probabilities as target are not supported; give class indices");
            }
            Tensor logp = call("aten::log_softmax.int", x, x.dim() >= 2 ? 1L : 0L, null);
            return nll(logp, a.tensor(1), a.isNone(2) ? null : a.tensor(2), a.integer(3), a.integer(4), a.real(5));
        });
    }

    private static Tensor reduce(Tensor l, long reduction) {
        return switch ((int) reduction) {
            case 0 -> l;
            case 1 -> call("aten::mean", l);
            case 2 -> call("aten::sum", l);
            default -> throw new IllegalArgumentException("reduction must be 0 (none), 1 (mean) or 2 (sum), got " + reduction);
        };
    }

    /**
     * The negative log likelihood of log-probabilities {@code logp} ([N, C, ...] or [C]) at the classes {@code target}
     * ([N, ...] or []), weighted per class, ignoring {@code ignore}; with label smoothing {@code eps}, (1 - eps) times that
     * plus eps times the mean over classes of the weighted negative log-probabilities.
     */
    static Tensor nll(Tensor logp, Tensor target, Tensor weight, long reduction, long ignore, double eps) {
        boolean batched = logp.dim() >= 2;
        long cdim = batched ? 1 : 0;
        long classes = logp.size((int) cdim);
        Tensor keep = call("aten::ne.Scalar", target, ignore);
        Tensor safe = call("aten::where.self", keep, target, call("aten::mul.Scalar", target, 0L));
        Tensor picked = call("aten::squeeze.dim", call("aten::gather", logp, cdim, call("aten::unsqueeze", safe, cdim)), cdim);
        Tensor w = weight == null ? call("aten::to.dtype", keep, logp.dtype())
                : call("aten::mul.Tensor", call("aten::reshape", call("aten::index_select", weight, 0L, call("aten::reshape", safe, new long[] {-1})),
                        target.shape()), call("aten::to.dtype", keep, logp.dtype()));
        Tensor loss = call("aten::neg", call("aten::mul.Tensor", picked, w));
        if (eps > 0) {
            Tensor wl = logp;
            if (weight != null) {
                long[] shape = new long[logp.dim()];
                java.util.Arrays.fill(shape, 1);
                shape[(int) cdim] = classes;
                wl = call("aten::mul.Tensor", logp, call("aten::reshape", weight, shape));
            }
            Tensor smooth = call("aten::neg", call("aten::sum.dim_IntList", wl, new long[] {cdim}, false));
            smooth = call("aten::mul.Tensor", smooth, call("aten::to.dtype", keep, logp.dtype()));
            loss = call("aten::add.Tensor", call("aten::mul.Scalar", loss, 1 - eps), call("aten::mul.Scalar", smooth, eps / classes));
        }
        return switch ((int) reduction) {
            case 0 -> loss;
            case 1 -> call("aten::div.Tensor", call("aten::sum", loss), call("aten::sum", w));
            case 2 -> call("aten::sum", loss);
            default -> throw new IllegalArgumentException("reduction must be 0 (none), 1 (mean) or 2 (sum), got " + reduction);
        };
    }
}
