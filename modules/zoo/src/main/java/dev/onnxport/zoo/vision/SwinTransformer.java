package dev.onnxport.zoo.vision;

import dev.onnxport.nn.AdaptiveAvgPool2d;
import dev.onnxport.nn.Conv2d;
import dev.onnxport.nn.Dropout;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Flatten;
import dev.onnxport.nn.GELU;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Parameter;
import dev.onnxport.nn.Sequential;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.util.List;

/**
 * torchvision 0.14 {@code swin_t/s/b()} (Swin Transformer V1, window 7): features.0 patch embedding (4x4 conv,
 * permute to NHWC, LayerNorm), stages of SwinTransformerBlocks (features.1/3/5/7) with PatchMerging between them
 * (features.2/4/6), norm, permute, avgpool, flatten, head.
 */
public final class SwinTransformer extends UnaryModule {
    private final Sequential features;
    private final LayerNorm norm;
    private final Permute permute;
    private final AdaptiveAvgPool2d avgpool;
    private final Flatten flatten;
    private final Linear head;

    public static SwinTransformer swin_t() { return new SwinTransformer(96, new int[] {2, 2, 6, 2}, new long[] {3, 6, 12, 24}, 7, 0.2); }
    public static SwinTransformer swin_s() { return new SwinTransformer(96, new int[] {2, 2, 18, 2}, new long[] {3, 6, 12, 24}, 7, 0.3); }
    public static SwinTransformer swin_b() { return new SwinTransformer(128, new int[] {2, 2, 18, 2}, new long[] {4, 8, 16, 32}, 7, 0.5); }

    public SwinTransformer(long embedDim, int[] depths, long[] numHeads, long windowSize, double stochasticDepthProb) {
        Sequential f = new Sequential(new Sequential(new Conv2d(3, embedDim, 4, 4, 0), new Permute(0, 2, 3, 1), new LayerNorm(embedDim)));
        int total = 0;
        for (int d : depths) total += d;
        int id = 0;
        for (int s = 0; s < depths.length; s++) {
            long dim = embedDim << s;
            Sequential stage = new Sequential();
            for (int i = 0; i < depths[s]; i++) {
                stage.add(new SwinBlock(dim, numHeads[s], windowSize, i % 2 == 0 ? 0 : windowSize / 2,
                        stochasticDepthProb * id / (total - 1.0)));
                id++;
            }
            f.add(stage);
            if (s < depths.length - 1) f.add(new PatchMerging(dim));
        }
        long numFeatures = embedDim << (depths.length - 1);
        features = registerModule("features", f);
        norm = registerModule("norm", new LayerNorm(numFeatures));
        permute = registerModule("permute", new Permute(0, 3, 1, 2));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        flatten = registerModule("flatten", new Flatten(1, -1));
        head = registerModule("head", new Linear(numFeatures, 1000));
    }

    @Override
    protected Tensor compute(Tensor x) {
        x = permute.forward(norm.forward(features.forward(x)));
        return head.forward(flatten.forward(avgpool.forward(x)));
    }

    /** torchvision's {@code PatchMerging}: 2x2 neighbourhoods concatenated (4C), norm, reduction to 2C (no bias). */
    public static final class PatchMerging extends UnaryModule {
        private final Linear reduction;
        private final LayerNorm norm;

        public PatchMerging(long dim) {
            reduction = registerModule("reduction", new Linear(4 * dim, 2 * dim, false));
            norm = registerModule("norm", new LayerNorm(4 * dim));
        }

        @Override
        protected Tensor compute(Tensor x) {
            long h = x.size(1), w = x.size(2);
            if (h % 2 != 0 || w % 2 != 0) x = F.pad(x, 0, 0, 0, w % 2, 0, h % 2);
            Tensor x0 = every2(x, 0, 0), x1 = every2(x, 1, 0), x2 = every2(x, 0, 1), x3 = every2(x, 1, 1);
            return reduction.forward(norm.forward(F.cat(List.of(x0, x1, x2, x3), -1)));
        }

        private static Tensor every2(Tensor x, long h0, long w0) {
            return F.slice(F.slice(x, 1, (Long) h0, (Long) null, 2), 2, (Long) w0, (Long) null, 2);
        }
    }

    /** torchvision's {@code SwinTransformerBlock}: x + attn(norm1(x)), then x + mlp(norm2(x)); NHWC. */
    public static final class SwinBlock extends UnaryModule {
        private final LayerNorm norm1, norm2;
        private final ShiftedWindowAttention attn;
        private final StochasticDepth stochasticDepth;
        private final Sequential mlp;

        public SwinBlock(long dim, long heads, long windowSize, long shiftSize, double stochasticDepthProb) {
            norm1 = registerModule("norm1", new LayerNorm(dim));
            attn = registerModule("attn", new ShiftedWindowAttention(dim, windowSize, shiftSize, heads));
            stochasticDepth = registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb, "row"));
            norm2 = registerModule("norm2", new LayerNorm(dim));
            mlp = registerModule("mlp", new Sequential(new Linear(dim, 4 * dim), new GELU(), new Dropout(0.0), new Linear(4 * dim, dim),
                    new Dropout(0.0)));
        }

        @Override
        protected Tensor compute(Tensor x) {
            x = F.add(x, stochasticDepth.forward(attn.forward(norm1.forward(x))));
            return F.add(x, stochasticDepth.forward(mlp.forward(norm2.forward(x))));
        }
    }

    /**
     * torchvision's {@code ShiftedWindowAttention} (W-MSA / SW-MSA) with its relative position bias table and index
     * buffer; the shifted windows' attention mask is computed from the (traced) spatial size, the batch stays dynamic.
     */
    public static final class ShiftedWindowAttention extends UnaryModule {
        private final long windowSize, shiftSize, heads;
        private final Linear qkv, proj;
        private final Parameter relativePositionBiasTable, relativePositionIndex;

        public ShiftedWindowAttention(long dim, long windowSize, long shiftSize, long heads) {
            this.windowSize = windowSize;
            this.shiftSize = shiftSize;
            this.heads = heads;
            qkv = registerModule("qkv", new Linear(dim, 3 * dim));
            proj = registerModule("proj", new Linear(dim, dim));
            relativePositionBiasTable = registerParameter("relative_position_bias_table",
                    Init.normal(0, 0.02, (2 * windowSize - 1) * (2 * windowSize - 1), heads));
            long n = windowSize * windowSize;
            relativePositionIndex = registerBuffer("relative_position_index",
                    Init.isWithoutData() ? Tensor.meta(DType.INT64, n * n) : Tensor.of(relativePositionIndex(windowSize), n * n));
        }

        /** torchvision's {@code define_relative_position_index} for a square window. */
        static long[] relativePositionIndex(long ws) {
            int n = Math.toIntExact(ws * ws);
            long[] idx = new long[n * n];
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    long dh = p / ws - q / ws + ws - 1, dw = p % ws - q % ws + ws - 1;
                    idx[p * n + q] = dh * (2 * ws - 1) + dw;
                }
            }
            return idx;
        }

        /** The additive mask (1, windows, 1, N, N) of torchvision's shifted windows: -100 across regions, else 0. */
        static Tensor shiftMask(long padH, long padW, long ws, long[] shift) {
            long[] label = new long[Math.toIntExact(padH * padW)];
            for (long h = 0; h < padH; h++) {
                for (long w = 0; w < padW; w++) {
                    int rh = h < padH - ws ? 0 : h < padH - shift[0] ? 1 : 2;
                    int rw = w < padW - ws ? 0 : w < padW - shift[1] ? 1 : 2;
                    label[Math.toIntExact(h * padW + w)] = rh * 3L + rw;
                }
            }
            long nwh = padH / ws, nww = padW / ws, n = ws * ws;
            float[] mask = new float[Math.toIntExact(nwh * nww * n * n)];
            for (long wi = 0; wi < nwh * nww; wi++) {
                long[] win = new long[Math.toIntExact(n)];
                for (long k = 0; k < n; k++) {
                    long h = (wi / nww) * ws + k / ws, w = (wi % nww) * ws + k % ws;
                    win[Math.toIntExact(k)] = label[Math.toIntExact(h * padW + w)];
                }
                for (long i = 0; i < n; i++) {
                    for (long j = 0; j < n; j++) {
                        mask[Math.toIntExact((wi * n + i) * n + j)] = win[(int) j] != win[(int) i] ? -100f : 0f;
                    }
                }
            }
            return Tensor.of(mask, 1, nwh * nww, 1, n, n);
        }

        @Override
        protected Tensor compute(Tensor input) {
            long h = input.size(1), w = input.size(2), c = input.size(3), ws = windowSize, n = ws * ws;
            long padR = (ws - w % ws) % ws, padB = (ws - h % ws) % ws;
            Tensor x = padR > 0 || padB > 0 ? F.pad(input, 0, 0, 0, padR, 0, padB) : input;
            long padH = h + padB, padW = w + padR;
            long[] shift = {ws >= padH ? 0 : shiftSize, ws >= padW ? 0 : shiftSize};
            boolean shifted = shift[0] + shift[1] > 0;
            if (shifted) x = F.roll(x, new long[] {-shift[0], -shift[1]}, new long[] {1, 2});
            long nw = (padH / ws) * (padW / ws);
            x = F.reshape(x, -1, padH / ws, ws, padW / ws, ws, c);
            x = F.reshape(F.permute(x, 0, 1, 3, 2, 4, 5), -1, n, c);

            Tensor qkvOut = F.permute(F.reshape(qkv.forward(x), -1, n, 3, heads, c / heads), 2, 0, 3, 1, 4);
            Tensor q = F.select(qkvOut, 0, 0), k = F.select(qkvOut, 0, 1), v = F.select(qkvOut, 0, 2);
            q = F.mul(q, Math.pow(c / heads, -0.5));
            Tensor attn = F.matmul(q, F.transpose(k, -2, -1));
            Tensor bias = F.index(relativePositionBiasTable.get(), relativePositionIndex.get());
            bias = F.unsqueeze(F.contiguous(F.permute(F.view(bias, n, n, -1), 2, 0, 1)), 0);
            attn = F.add(attn, bias);
            if (shifted) {
                attn = F.add(F.reshape(attn, -1, nw, heads, n, n), shiftMask(padH, padW, ws, shift));
                attn = F.reshape(attn, -1, heads, n, n);
            }
            attn = F.softmax(attn, -1);
            x = F.reshape(F.transpose(F.matmul(attn, v), 1, 2), -1, n, c);
            x = proj.forward(x);
            x = F.reshape(x, -1, padH / ws, padW / ws, ws, ws, c);
            x = F.reshape(F.permute(x, 0, 1, 3, 2, 4, 5), -1, padH, padW, c);
            if (shifted) x = F.roll(x, new long[] {shift[0], shift[1]}, new long[] {1, 2});
            if (padR > 0 || padB > 0) x = F.contiguous(F.slice(F.slice(x, 1, 0L, h, 1), 2, 0L, w, 1));
            return x;
        }
    }
}
