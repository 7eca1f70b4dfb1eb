package dev.onnxport.onnx.passes;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.GraphPass;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Map;

/**
 * Fuses {@code Add(MatMul(A, W), C)} into {@code Gemm(A, W, C)} when A is 2-D, W is a constant matrix and C a
 * constant that broadcasts along the last dim ({@code [N]}, {@code [1]}, {@code [1, N]} or {@code [1, 1]}).
 * When W is a {@code Transpose} of a constant matrix, the Gemm reads that constant with {@code transB=1} and the
 * Transpose is left for cleanup. The MatMul result must have no other user; floating types only.
 */
public final class MatMulAddToGemm implements GraphPass {
    @Override public String name() { return "onnx-fuse-matmul-add-gemm"; }

    @Override
    public boolean run(Graph g) {
        boolean changed = false;
        Map<Value, Integer> uses = OnnxGraphs.useCounts(g);
        for (Node add : new ArrayList<>(g.nodes())) {
            if (!OnnxGraphs.is(add, "Add") || add.inputs().size() != 2) continue;
            for (int side = 0; side < 2; side++) {
                Node mm = add.input(side).producer();
                if (!OnnxGraphs.is(mm, "MatMul") || uses.getOrDefault(mm.output(), 0) != 1) continue;
                if (fuse(g, mm, add, add.input(1 - side))) {
                    changed = true;
                    break;
                }
            }
        }
        return changed;
    }

    private static boolean fuse(Graph g, Node mm, Node add, Value c) {
        Value a = mm.input(0), w = mm.input(1);
        if (a.type() == null || !a.type().isTensor() || !a.type().hasShape() || a.type().rank() != 2) return false;
        if (!a.type().dtype().isFloatingPoint()) return false;
        boolean transB = false;
        Tensor wt = OnnxGraphs.constant(w);
        if (wt == null && OnnxGraphs.is(w.producer(), "Transpose")) {
            Node tr = w.producer();
            long[] perm = (long[]) tr.attr("perm");
            Tensor src = OnnxGraphs.constant(tr.input(0));
            if (src != null && src.dim() == 2 && (perm == null || perm[0] == 1 && perm[1] == 0)) {
                w = tr.input(0);
                wt = src;
                transB = true;
            }
        }
        if (wt == null || wt.dim() != 2) return false;
        long n = transB ? wt.shape()[0] : wt.shape()[1];
        Tensor ct = OnnxGraphs.constant(c);
        if (ct == null || ct.dtype() != wt.dtype() || !lastDimBias(ct.shape(), n)) return false;
        Node gemm = g.body().insertBefore(add, "onnx::Gemm", null);
        gemm.setScope(mm.scope()).setSource(mm.source());
        gemm.addInput(a).addInput(w).addInput(c);
        if (transB) gemm.setAttr("transB", 1L);
        Value y = gemm.addOutput(add.output().type());
        if (add.output().name() != null) y.setName(add.output().name());
        g.body().replaceAllUses(add.output(), y);
        g.body().remove(add);
        g.body().remove(mm);
        return true;
    }

    /** {@code [N]}, {@code [1]}, {@code [1, N]} or {@code [1, 1]}: broadcastable to {@code [M, N]} for any M. */
    private static boolean lastDimBias(long[] s, long n) {
        if (s.length == 0 || s.length > 2) return false;
        if (s.length == 2 && s[0] != 1) return false;
        long last = s[s.length - 1];
        return last == n || last == 1;
    }
}
