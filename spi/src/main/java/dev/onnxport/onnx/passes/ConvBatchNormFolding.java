package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.kernels.Parallel;
import dev.onnxport.tensor.BufferStorage;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Map;

/**
 * Folds an inference-form {@code BatchNormalization} into the {@code Conv} that feeds it:
 * {@code W' = W * s}, {@code B' = (B - mean) * s + bias} with {@code s = scale / sqrt(var + eps)} per output
 * channel, computed in double and rounded once to the weights' dtype. Applies only when the Conv's weight (and bias) and all four BatchNormalization
 * parameters are constants, the Conv output has no other user, and the BatchNormalization has one output and is
 * not in training mode. The folded weight and bias become new initializers; the old ones are left for cleanup.
 */
public final class ConvBatchNormFolding implements GraphPass {
    @Override public String name() { return "onnx-fold-conv-batchnorm"; }

    @Override
    public boolean run(Graph g) {
        boolean changed = false;
        Map<Value, Integer> uses = OnnxGraphs.useCounts(g);
        for (Node bn : new ArrayList<>(g.nodes())) {
            if (!OnnxGraphs.is(bn, "BatchNormalization") || bn.owner() == null) continue;
            Node conv = bn.input(0).producer();
            if (!OnnxGraphs.is(conv, "Conv") || uses.getOrDefault(bn.input(0), 0) != 1) continue;
            if (fold(g, conv, bn)) changed = true;
        }
        return changed;
    }

    private static boolean fold(Graph g, Node conv, Node bn) {
        if (bn.outputs().size() != 1 || Long.valueOf(1).equals(bn.attr("training_mode"))) return false;
        if (bn.attr("spatial") instanceof Long s && s == 0) return false;
        Tensor w = OnnxGraphs.constant(conv.input(1));
        Tensor b = conv.inputs().size() > 2 ? OnnxGraphs.constant(conv.input(2)) : null;
        boolean hasBias = conv.inputs().size() > 2 && conv.input(2) != null;
        Tensor scale = OnnxGraphs.constant(bn.input(1)), shift = OnnxGraphs.constant(bn.input(2));
        Tensor mean = OnnxGraphs.constant(bn.input(3)), var = OnnxGraphs.constant(bn.input(4));
        if (w == null || hasBias && b == null || scale == null || shift == null || mean == null || var == null) return false;
        DType d = w.dtype();
        if (!d.isFloatingPoint() || w.dim() < 2) return false;
        long out = w.shape()[0];
        for (Tensor p : new Tensor[] {scale, shift, mean, var, b}) {
            if (p != null && (p.dim() != 1 || p.shape()[0] != out || p.dtype() != d)) return false;
        }
        double eps = bn.attr("epsilon") instanceof Double e ? e : 1e-5;
        // eps is a float attribute in ONNX: round it the way the runtime sees it.
        eps = (float) eps;
        double[] sd = scale.toDoubleArray(), bd = shift.toDoubleArray();
        double[] md = mean.toDoubleArray(), vd = var.toDoubleArray();
        double[] cb = b == null ? new double[(int) out] : b.toDoubleArray();
        double[] s = new double[(int) out], nb = new double[(int) out];
        for (int o = 0; o < out; o++) {
            s[o] = sd[o] / Math.sqrt(vd[o] + eps);
            nb[o] = (cb[o] - md[o]) * s[o] + bd[o];
        }
        Tensor nwt = scaled(w, s);
        String base = conv.input(1).name() != null ? conv.input(1).name() : "conv.weight";
        Value nw = OnnxGraphs.addInitializer(g, base + "_bn_folded", nwt);
        Value nbias = OnnxGraphs.addInitializer(g, base + "_bn_folded_bias", tensor(nb, new long[] {out}, d));
        conv.replaceInput(1, nw);
        if (hasBias) conv.replaceInput(2, nbias);
        else conv.addInput(nbias);
        Value y = conv.output();
        g.body().replaceAllUses(bn.output(), y);
        if (bn.output().name() != null && y.name() == null) y.setName(bn.output().name());
        y.setType(bn.output().type());
        g.body().remove(bn);
        return true;
    }

    /**
     * {@code w} with output channel {@code o} multiplied by {@code s[o]}, each product in double and rounded once
     * to w's dtype. Float32 weights go in one pass into a new float[] (no double copy of the weights).
     */
    private static Tensor scaled(Tensor w, double[] s) {
        long[] shape = w.shape();
        int out = s.length;
        if (w.dtype() == DType.FLOAT32) {
            int n = Math.toIntExact(w.numel()), per = n / out;
            float[] dst = new float[n];
            // A mapped checkpoint's weight is read per output channel straight into dst and scaled there; any other
            // is read whole (floats() hands out a heap tensor's own array: it is only read). Output channels are
            // split over cores: each product is the same whichever thread computes it.
            FloatBuffer mapped = w.storage() instanceof BufferStorage b && w.isContiguous() ? b.floats(w.offset()) : null;
            float[] src = mapped != null ? dst : w.floats();
            Parallel.range(out, 1, n, PARALLEL_MIN_VALUES, (lo, hi) -> {
                if (mapped != null) mapped.get(lo * per, dst, lo * per, (hi - lo) * per);
                for (int o = lo; o < hi; o++) {
                    double so = s[o];
                    for (int i = o * per, end = i + per; i < end; i++) dst[i] = (float) (src[i] * so);
                }
            });
            return Tensor.of(dst, shape);
        }
        double[] wd = w.toDoubleArray();
        int per = wd.length / out;
        for (int o = 0; o < out; o++) for (int k = 0; k < per; k++) wd[o * per + k] *= s[o];
        return tensor(wd, shape, w.dtype());
    }

    /** Below this many weights one thread scales them. */
    private static final long PARALLEL_MIN_VALUES = 1 << 16;

    /** Values computed in double, stored in the parameters' dtype. */
    private static Tensor tensor(double[] v, long[] shape, DType d) {
        return Tensor.of(v, shape).to(d);
    }
}
