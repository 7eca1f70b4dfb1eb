package dev.onnxport.ops.aten;

import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;

/** Aten ops: grid_sampler (2-D; bilinear or nearest, zeros or border padding) and embedding_bag in mean mode. */
final class SamplingOps {
    private SamplingOps() {}

    static void register(OpRegistry r) {
        r.register("aten::grid_sampler(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners) -> Tensor",
                a -> new Tensor[] {gridSample(a.tensor(0), a.tensor(1), a.integer(2), a.integer(3), a.bool(4))},
                a -> {
                    Tensor x = a.tensor(0), grid = a.tensor(1);
                    check(x, grid, a.integer(2), a.integer(3));
                    return new Tensor[] {Tensor.meta(x.dtype(), x.size(0), x.size(1), grid.size(1), grid.size(2))};
                });
        r.register("aten::embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, int mode=0, "
                + "bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False) -> (Tensor, Tensor, Tensor, Tensor)",
                a -> embeddingBag(a.tensor(0), a.tensor(1), a.tensor(2), a.integer(4), a.isNone(6), a.bool(7)),
                a -> {
                    checkBag(a.tensor(1), a.integer(4), a.isNone(6), a.bool(7));
                    long bags = a.tensor(2).size(0);
                    return new Tensor[] {Tensor.meta(a.tensor(0).dtype(), bags, a.tensor(0).size(1)), Tensor.meta(DType.INT64, a.tensor(1).size(0)),
                        Tensor.meta(DType.INT64, bags), Tensor.meta(DType.INT64, bags)};
                });
    }

    private static void check(Tensor x, Tensor grid, long mode, long padding) {
        if (x.dim() != 4 || grid.dim() != 4 || grid.size(3) != 2) {
            throw new IllegalArgumentException("aten::grid_sampler: only 4-D input with a grid of shape [N, H, W, 2] is supported");
        }
        if (mode > 1) throw new IllegalArgumentException("aten::grid_sampler: bicubic interpolation is not supported");
        if (padding > 1) throw new IllegalArgumentException("aten::grid_sampler: reflection padding is not supported");
    }

    private static double unnormalize(double c, long size, boolean ac) {
        return ac ? (c + 1) / 2 * (size - 1) : ((c + 1) * size - 1) / 2;
    }

    static Tensor gridSample(Tensor x, Tensor grid, long mode, long padding, boolean ac) {
        check(x, grid, mode, padding);
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int oh = (int) grid.size(1), ow = (int) grid.size(2);
        double[] v = x.toDoubleArray(), gr = grid.toDoubleArray();
        double[] out = new double[n * c * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int gp = ((b * oh + i) * ow + j) * 2;
                    double ix = unnormalize(gr[gp], w, ac), iy = unnormalize(gr[gp + 1], h, ac);
                    if (padding == 1) {
                        ix = Math.min(Math.max(ix, 0), w - 1);
                        iy = Math.min(Math.max(iy, 0), h - 1);
                    }
                    for (int ch = 0; ch < c; ch++) {
                        int base = (b * c + ch) * h * w;
                        double val;
                        if (mode == 1) {
                            long xi = (long) Math.rint(ix), yi = (long) Math.rint(iy);
                            val = xi >= 0 && xi < w && yi >= 0 && yi < h ? v[(int) (base + yi * w + xi)] : 0;
                        } else {
                            long x0 = (long) Math.floor(ix), y0 = (long) Math.floor(iy);
                            double fx = ix - x0, fy = iy - y0;
                            val = 0;
                            for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) {
                                long xx = x0 + dx, yy = y0 + dy;
                                if (xx < 0 || xx >= w || yy < 0 || yy >= h) continue;
                                val += v[(int) (base + yy * w + xx)] * (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy);
                            }
                        }
                        out[((b * c + ch) * oh + i) * ow + j] = val;
                    }
                }
            }
        }
        return Tensor.of(out, n, c, oh, ow).copy(x.dtype());
    }

    private static void checkBag(Tensor indices, long mode, boolean noWeights, boolean includeLast) {
        if (mode != 1 || !noWeights || includeLast || indices.dim() != 1) {
            throw new IllegalArgumentException("aten::embedding_bag: only mode=1 (mean) with 1-D indices and offsets, no per_sample_weights "
                    + "and include_last_offset=False is supported");
        }
    }

    /** Mean of each bag's rows (empty bags 0), with offset2bag, bag sizes, and the bag sizes again as max_indices. */
    static Tensor[] embeddingBag(Tensor weight, Tensor indices, Tensor offsets, long mode, boolean noWeights, boolean includeLast) {
        checkBag(indices, mode, noWeights, includeLast);
        long[] idx = indices.toLongArray(), off = offsets.toLongArray();
        int bags = off.length, d = (int) weight.size(1), n = idx.length;
        double[] wv = weight.toDoubleArray(), out = new double[bags * d];
        long[] o2b = new long[n], size = new long[bags];
        for (int i = 0; i < n; i++) {
            long k = 0;
            for (long o : off) if (o <= i) k++;
            o2b[i] = k - 1;
        }
        for (int b = 0; b < bags; b++) {
            long start = off[b], end = b + 1 < bags ? off[b + 1] : n;
            size[b] = Math.max(0, end - start);
            for (long i = start; i < end; i++) for (int j = 0; j < d; j++) out[b * d + j] += wv[(int) (idx[(int) i] * d + j)];
            if (size[b] > 0) for (int j = 0; j < d; j++) out[b * d + j] /= size[b];
        }
        return new Tensor[] {Tensor.of(out, bags, d).copy(weight.dtype()), Tensor.of(o2b, n), Tensor.of(size, bags), Tensor.of(size.clone(), bags)};
    }
}
