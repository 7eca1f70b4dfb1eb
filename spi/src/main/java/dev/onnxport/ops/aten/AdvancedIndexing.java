package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Shapes;
import dev.onnxport.tensor.Storage;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code aten::index.Tensor}: NumPy-style advanced indexing {@code x[i0, None, mask, ...]} with integer
 * index tensors (broadcast together) and boolean masks (standing for their nonzero positions).
 * The broadcast index dims replace the indexed dims where those are adjacent, else they come first.
 */
final class AdvancedIndexing {
    private AdvancedIndexing() {}

    private static final String OP = "aten::index";

    static void register(OpRegistry r) {
        ShapeCopyOps.registerCopying(r, "aten::index.Tensor(Tensor self, Tensor?[] indices) -> Tensor",
                (a, meta) -> index(a.tensor(0), a.tensors(1), meta));
    }

    static Tensor index(Tensor self, Tensor[] indices, boolean meta) {
        int n = self.dim();
        List<Tensor> perDim = expandMasks(self, indices);
        while (perDim.size() < n) perDim.add(null);
        List<Integer> adv = new ArrayList<>();
        long[] bshape = new long[0];
        for (int d = 0; d < n; d++) {
            if (perDim.get(d) == null) continue;
            adv.add(d);
            bshape = Shapes.broadcast(bshape, perDim.get(d).shape());
        }
        if (adv.isEmpty()) return meta ? self.toMeta() : self.copy();
        boolean adjacent = adv.get(adv.size() - 1) - adv.get(0) == adv.size() - 1;
        int bStart = adjacent ? adv.get(0) : 0;

        // output dim j reads self dim restOf[j], or the broadcast index dims when restOf[j] < 0
        long[] selfShape = self.shape(), selfStrides = self.strides();
        int outRank = n - adv.size() + bshape.length;
        long[] outShape = new long[outRank];
        int[] restOf = new int[outRank];
        for (int j = 0, d = 0; j < outRank; j++) {
            if (j >= bStart && j < bStart + bshape.length) {
                outShape[j] = bshape[j - bStart];
                restOf[j] = -1;
                continue;
            }
            while (perDim.get(d) != null) d++;
            outShape[j] = selfShape[d];
            restOf[j] = d++;
        }
        if (meta) return Tensor.meta(self.dtype(), outShape);

        long[][] values = new long[adv.size()][];
        for (int k = 0; k < adv.size(); k++) {
            int d = adv.get(k);
            values[k] = Shapes.broadcastTo(perDim.get(d), bshape).toLongArray();
            for (int i = 0; i < values[k].length; i++) {
                long v = values[k][i];
                if (v < -selfShape[d] || v >= selfShape[d]) {
                    throw new IndexOutOfBoundsException(OP + ": index " + v + " is out of bounds for dimension " + d + " with size " + selfShape[d]);
                }
                if (v < 0) values[k][i] = v + selfShape[d];
            }
        }
        Tensor out = Tensor.zeros(self.dtype(), outShape);
        Storage from = self.storage(), to = out.storage();
        boolean fp = self.dtype().isFloatingPoint();
        long[] k = {0};
        IndexingOps.forEachIndex(outShape, pos -> {
            long off = self.offset(), b = 0;
            for (int j = 0; j < outRank; j++) {
                if (restOf[j] >= 0) off += pos[j] * selfStrides[restOf[j]];
                else b = b * outShape[j] + pos[j];
            }
            for (int a = 0; a < values.length; a++) off += values[a][(int) b] * selfStrides[adv.get(a)];
            IndexingOps.move(from, off, to, k[0]++, fp);
        });
        return out;
    }

    /** One entry per indexed self dim: null, or an integer index tensor (a k-d mask gives k of them). */
    private static List<Tensor> expandMasks(Tensor self, Tensor[] indices) {
        List<Tensor> perDim = new ArrayList<>();
        for (Tensor ix : indices) {
            if (ix == null) {
                perDim.add(null);
            } else if (ix.dtype() == DType.BOOL || ix.dtype() == DType.UINT8) {
                int start = perDim.size();
                if (ix.dim() == 0) throw new IllegalArgumentException(OP + ": a 0-d boolean index is not supported");
                checkRank(self, start + ix.dim());
                for (int j = 0; j < ix.dim(); j++) {
                    if (ix.size(j) != self.size(start + j)) {
                        throw new IndexOutOfBoundsException(OP + ": the shape of the mask " + Arrays.toString(ix.shape()) + " at index " + j
                                + " does not match the shape of the indexed tensor " + Arrays.toString(self.shape()) + " at index " + (start + j));
                    }
                }
                if (ix.isMeta()) {
                    throw new UnsupportedOperationException(OP + ": indexing with a boolean mask gives a data-dependent shape, so it "
                            + "cannot run in shape-only tracing; trace with real inputs instead");
                }
                perDim.addAll(Arrays.asList(nonzero(ix)));
            } else if (ix.dtype().isIntegral()) {
                perDim.add(ix);
            } else {
                throw new IllegalArgumentException(OP + ": tensors used as indices must be long, int, byte or bool tensors, got "
                        + ix.dtype().torchName());
            }
        }
        checkRank(self, perDim.size());
        return perDim;
    }

    private static void checkRank(Tensor self, int used) {
        if (used > self.dim()) {
            throw new IndexOutOfBoundsException(OP + ": too many indices for tensor of dimension " + self.dim() + " (got " + used + ")");
        }
    }

    /** The positions of the nonzero elements of {@code mask}, one int64 vector per mask dim. */
    private static Tensor[] nonzero(Tensor mask) {
        int k = mask.dim();
        List<long[]> hits = new ArrayList<>();
        Storage st = mask.storage();
        IndexingOps.forEachIndex(mask.shape(), pos -> {
            if (st.getLong(mask.offsetOf(pos)) != 0) hits.add(pos.clone());
        });
        Tensor[] out = new Tensor[k];
        for (int j = 0; j < k; j++) {
            long[] v = new long[hits.size()];
            for (int i = 0; i < v.length; i++) v[i] = hits.get(i)[j];
            out[j] = Tensor.of(v, v.length);
        }
        return out;
    }
}
