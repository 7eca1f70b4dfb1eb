package dev.onnxport.onnx.symbolic;

import static dev.onnxport.onnx.symbolic.OnnxOps.add;
import static dev.onnxport.onnx.symbolic.OnnxOps.cast;
import static dev.onnxport.onnx.symbolic.OnnxOps.div;
import static dev.onnxport.onnx.symbolic.OnnxOps.mul;
import static dev.onnxport.onnx.symbolic.OnnxOps.reduce;
import static dev.onnxport.onnx.symbolic.OnnxOps.sub;
import static dev.onnxport.onnx.symbolic.UnarySymbolics.one;

import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.spi.SymbolicContext;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Symbolic functions for batch, layer, group and instance normalization. Each uses the ONNX operator
 * where it exists with PyTorch's semantics and otherwise decomposes into reductions (mean, biased
 * variance) that compute the same numbers.
 */
final class NormSymbolics {
    private NormSymbolics() {}

    static void register(SymbolicTable t) {
        t.add("aten::batch_norm", 7, NormSymbolics::batchNorm);
        t.add("aten::layer_norm", 7, NormSymbolics::layerNorm);
        // the arguments of layer_norm; mean and 1/std over the normalized dims as the other outputs
        t.add("aten::native_layer_norm", 7, g -> {
            Value y = layerNorm(g)[0];
            Value x = x(g);
            long[] normalized = (long[]) g.constant(1);
            int rank = rank(g);
            long[] axes = new long[normalized.length];
            for (int k = 0; k < axes.length; k++) axes[k] = rank - normalized.length + k;
            Value mean = OnnxOps.reduce(g, "ReduceMean", x, axes, true);
            Value diff = OnnxOps.sub(g, x, mean);
            Value var = OnnxOps.reduce(g, "ReduceMean", mul(g, diff, diff), axes, true);
            Value rstd = g.op("Reciprocal", OnnxOps.typed(g, "Sqrt", OnnxOps.addConst(g, var, eps(g, 4)))).output();
            return new Value[] {y, mean, rstd};
        });
        t.add("aten::_weight_norm", 7, g -> {
            DType d = dtype(g);
            Value v = x(g);
            int rank = rank(g);
            long dim = (Long) g.constant(2);
            long[] axes;
            if (dim == -1) {
                axes = new long[rank];
                for (int k = 0; k < rank; k++) axes[k] = k;
            } else {
                long dd = OnnxOps.normDim(dim, rank);
                axes = new long[rank - 1];
                for (int k = 0, o = 0; k < rank; k++) if (k != dd) axes[o++] = k;
            }
            Value norm = OnnxOps.reduce(g, "ReduceL2", v, axes, true);
            return one(mul(g, v, OnnxOps.div(g, cast(g, g.input(1), d), norm)));
        });
        t.add("aten::group_norm", 7, NormSymbolics::groupNorm);
        t.add("aten::instance_norm", 7, NormSymbolics::instanceNorm);
    }

    // ---- batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn) ----

    private static Value[] batchNorm(SymbolicContext g) {
        boolean training = (Boolean) g.constant(5);
        if (!training) return one(inferenceBatchNorm(g));
        Value x = x(g);
        Value[] affine = {param(g, 1, 1.0), param(g, 2, 0.0)};
        // ONNX's own training form (training_mode) keeps the running-statistics outputs for training runtimes
        if (g.training() && g.opset() >= 14 && !g.isNone(3) && !g.isNone(4)) {
            Value[] r = g.op("BatchNormalization", x, affine[0], affine[1], cast(g, g.input(3), dtype(g)), cast(g, g.input(4), dtype(g)))
                    .attr("epsilon", eps(g, 7)).attr("momentum", 1 - num(g, 6)).attr("training_mode", 1L).outputs(3);
            return one(r[0]);
        }
        int rank = rank(g);
        long[] axes = new long[rank - 1];
        axes[0] = 0;
        for (int k = 2; k < rank; k++) axes[k - 1] = k;
        Value y = standardize(g, x, axes, eps(g, 7));
        return one(channelAffine(g, y, affine[0], affine[1]));
    }

    /** BatchNormalization with the running statistics (also instance_norm without input statistics). */
    private static Value inferenceBatchNorm(SymbolicContext g) {
        if (g.isNone(3) || g.isNone(4)) {
            throw g.error("running_mean and running_var are None but the call uses running statistics",
                    "pass the running statistics, or call it in training mode");
        }
        DType d = dtype(g);
        return g.op("BatchNormalization", x(g), param(g, 1, 1.0), param(g, 2, 0.0), cast(g, g.input(3), d), cast(g, g.input(4), d))
                .attr("epsilon", eps(g, 7)).attr("momentum", 1 - num(g, 6)).output();
    }

    // ---- layer_norm(input, normalized_shape, weight, bias, eps, cudnn) ----------------------------

    private static Value[] layerNorm(SymbolicContext g) {
        Value x = x(g);
        DType d = dtype(g);
        long[] normalized = (long[]) g.constant(1);
        int rank = rank(g);
        double eps = eps(g, 4);
        if (g.opset() >= 17) {
            Value w = g.isNone(2) ? g.constant(filled(1.0, d, normalized)) : cast(g, g.input(2), d);
            // no trailing empty input for a missing bias: ONNX Runtime 1.29 crashes on LayerNormalization(X, Scale, "")
            SymbolicContext.NodeBuilder b = g.isNone(3) ? g.op("LayerNormalization", x, w)
                    : g.op("LayerNormalization", x, w, cast(g, g.input(3), d));
            return one(b.attr("axis", (long) -normalized.length).attr("epsilon", eps).output());
        }
        long[] axes = new long[normalized.length];
        for (int k = 0; k < axes.length; k++) axes[k] = rank - normalized.length + k;
        Value y = standardize(g, x, axes, eps);
        if (!g.isNone(2)) y = mul(g, y, cast(g, g.input(2), d));
        if (!g.isNone(3)) y = add(g, y, cast(g, g.input(3), d));
        return one(y);
    }

    // ---- group_norm(input, num_groups, weight, bias, eps, cudnn) ----------------------------------

    /**
     * GroupNormalization from 21 (per-channel scale and bias). Opset 18's version scales per group, so
     * before 21 the groups are normalized as the instances of a (N, G, -1) reshape and the per-channel
     * affine follows.
     */
    private static Value[] groupNorm(SymbolicContext g) {
        Value x = x(g);
        DType d = dtype(g);
        long groups = (Long) g.constant(1);
        double eps = eps(g, 4);
        if (g.opset() >= 21) {
            return one(g.op("GroupNormalization", x, param(g, 2, 1.0), param(g, 3, 0.0))
                    .attr("num_groups", groups).attr("epsilon", eps).output());
        }
        Value grouped = g.op("Reshape", x, g.constantLongs(0, groups, -1)).output();
        Value normed = g.op("InstanceNormalization", grouped, g.constant(filled(1.0, d, groups)), g.constant(filled(0.0, d, groups)))
                .attr("epsilon", eps).output();
        Value y = g.op("Reshape", normed, g.op("Shape", x).output()).output();
        Value w = g.isNone(2) ? null : cast(g, g.input(2), d);
        Value b = g.isNone(3) ? null : cast(g, g.input(3), d);
        return one(channelAffine(g, y, w, b));
    }

    // ---- instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn)

    private static Value[] instanceNorm(SymbolicContext g) {
        boolean useInputStats = (Boolean) g.constant(5);
        if (!useInputStats) return one(inferenceBatchNorm(g));
        if (rank(g) < 3) {
            throw g.error("input of rank " + rank(g) + " has no spatial dims to normalize over", "pass (N, C, ...) with at least one spatial dim");
        }
        return one(g.op("InstanceNormalization", x(g), param(g, 1, 1.0), param(g, 2, 0.0)).attr("epsilon", eps(g, 7)).output());
    }

    // ---- shared pieces ----------------------------------------------------------------------------

    /** (x - mean) / sqrt(var + eps) over {@code axes}, with the biased variance as PyTorch normalizes. */
    static Value standardize(SymbolicContext g, Value x, long[] axes, double eps) {
        DType d = OnnxOps.dtype(g, x);
        Value centered = sub(g, x, reduce(g, "ReduceMean", x, axes, true));
        Value var = reduce(g, "ReduceMean", mul(g, centered, centered), axes, true);
        Value std = g.op("Sqrt", add(g, var, OnnxOps.scalar(g, eps, d))).output();
        return div(g, centered, std);
    }

    /** y * w + b with per-channel [C] parameters broadcast over dim 1 of y (null: leave out). */
    private static Value channelAffine(SymbolicContext g, Value y, Value w, Value b) {
        long[] axes = new long[rank(g) - 2];
        for (int k = 0; k < axes.length; k++) axes[k] = k + 1;
        if (w != null) y = mul(g, y, axes.length == 0 ? w : OnnxOps.unsqueeze(g, w, axes));
        if (b != null) y = add(g, y, axes.length == 0 ? b : OnnxOps.unsqueeze(g, b, axes));
        return y;
    }

    /**
     * Per-channel parameter {@code i} in the input's dtype, or when None a [C] tensor of {@code fill}: a
     * constant when C was traced as a fixed size, else expanded to C read at run time.
     */
    private static Value param(SymbolicContext g, int i, double fill) {
        DType d = dtype(g);
        if (!g.isNone(i)) return cast(g, g.input(i), d);
        Type t = OnnxOps.inType(g, 0);
        if (t.symbol(1) == null) return g.constant(filled(fill, d, t.shape()[1]));
        OnnxOps.requireOpset(g, 8, "a missing weight or bias with a dynamic channel count (made with Expand)");
        Value channels = g.op("Gather", g.op("Shape", g.input(0)).output(), g.constantLongs(1)).attr("axis", 0L).output();
        return g.op("Expand", OnnxOps.scalar(g, fill, d), channels).output();
    }

    static Tensor filled(double v, DType d, long... shape) {
        int n = 1;
        for (long s : shape) n = Math.multiplyExact(n, (int) s);
        double[] a = new double[n];
        Arrays.fill(a, v);
        return Tensor.of(a, shape).to(d);
    }

    private static Value x(SymbolicContext g) { return cast(g, g.input(0), dtype(g)); }

    /** The traced result dtype. */
    private static DType dtype(SymbolicContext g) { return OnnxOps.outDtype(g, 0); }

    private static int rank(SymbolicContext g) { return OnnxOps.inRank(g, 0); }

    private static double num(SymbolicContext g, int i) { return ((Number) g.constant(i)).doubleValue(); }

    private static double eps(SymbolicContext g, int i) { return num(g, i); }
}
