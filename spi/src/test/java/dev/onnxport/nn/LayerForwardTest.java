package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;
import org.junit.jupiter.api.Test;

/** Layer behaviour that needs the kernels: batch-norm statistics, attention against a loop reference, RNN shapes, scopes. */
class LayerForwardTest {
    static final double TOL = 1e-5;

    @Test
    void batchNormTrainUpdatesRunningStatsAndEvalUsesThem() {
        Init.manualSeed(1);
        Tensor x = Init.normal(2, 3, 2, 3, 4, 4);
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor y = bn.forward(x);
        double[] xs = x.toDoubleArray();
        for (int c = 0; c < 3; c++) {
            double s = 0, q = 0;
            int n = 0;
            for (int b = 0; b < 2; b++) for (int i = 0; i < 16; i++) { double v = xs[(b * 3 + c) * 16 + i]; s += v; q += v * v; n++; }
            double mean = s / n, var = q / n - mean * mean, unbiased = var * n / (n - 1);
            assertEquals(0.1 * mean, bn.runningMean().getDouble(c), TOL);
            assertEquals(0.9 + 0.1 * unbiased, bn.runningVar().getDouble(c), 1e-4);
            assertEquals((xs[c * 16] - mean) / Math.sqrt(var + 1e-5), y.getDouble(0, c, 0, 0), 1e-4);
        }
        assertEquals(1, bn.numBatchesTracked().itemLong());

        bn.eval();
        Tensor z = bn.forward(x);
        double rm = bn.runningMean().getDouble(1), rv = bn.runningVar().getDouble(1);
        assertEquals((x.getDouble(1, 1, 2, 3) - rm) / Math.sqrt(rv + 1e-5), z.getDouble(1, 1, 2, 3), 1e-5);
        assertEquals(1, bn.numBatchesTracked().itemLong(), "eval does not count batches");
    }

    @Test
    void batchNormWithoutMomentumAveragesCumulatively() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, null, true, true);
        bn.forward(Tensor.of(new float[] {1, 3}, 2, 1));
        bn.forward(Tensor.of(new float[] {5, 7}, 2, 1));
        assertEquals(4.0, bn.runningMean().getDouble(0), TOL);  // mean of the batch means 2 and 6
        assertEquals(2, bn.numBatchesTracked().itemLong());
    }

    @Test
    void factoriesTakeSymIntSizes() {
        assertArrayEquals(new long[] {2, 3}, F.zeros(SymInt.of(2), SymInt.of(3)).shape());
        assertArrayEquals(new float[] {1, 1}, F.ones(SymInt.of(2)).floats());
        assertEquals(DType.INT64, F.zeros(DType.INT64, SymInt.of(1)).dtype());
    }

    @Test
    void dropoutIsIdentityInEval() {
        Tensor x = Init.normal(0, 1, 4, 5);
        Dropout d = new Dropout(0.5);
        d.eval();
        assertArrayEquals(x.floats(), d.forward(x).floats());
    }

    @Test
    void multiheadAttentionMatchesLoopReferenceWithKeyPaddingMask() {
        Init.manualSeed(7);
        long e = 4, heads = 2, len = 3, batch = 2;
        MultiheadAttention mha = new MultiheadAttention(e, heads);
        // non-zero biases so they are exercised
        mha.loadStateDict(java.util.Map.of("in_proj_weight", mha.stateDict().get("in_proj_weight"),
                "in_proj_bias", Init.uniform(0.5, 3 * e), "out_proj.weight", mha.stateDict().get("out_proj.weight"),
                "out_proj.bias", Init.uniform(0.5, e)));
        Tensor x = Init.normal(0, 1, len, batch, e);
        boolean[] pad = {false, false, true, false, false, false};  // batch 0 ignores key 2
        Tensor kpm = Tensor.of(pad, batch, len);
        Tensor[] r = mha.forward(x, x, x, kpm, true, null, true);
        assertArrayEquals(new long[] {len, batch, e}, r[0].shape());
        assertArrayEquals(new long[] {batch, len, len}, r[1].shape());

        double[][][] want = new double[(int) len][(int) batch][];
        double[][][] wantW = new double[(int) batch][(int) len][(int) len];
        Tensor w = mha.stateDict().get("in_proj_weight"), b = mha.stateDict().get("in_proj_bias");
        Tensor ow = mha.stateDict().get("out_proj.weight"), ob = mha.stateDict().get("out_proj.bias");
        int hd = (int) (e / heads);
        for (int n = 0; n < batch; n++) {
            double[][] q = proj(x, n, w, b, 0, e), k = proj(x, n, w, b, 1, e), v = proj(x, n, w, b, 2, e);
            double[][] concat = new double[(int) len][(int) e];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < len; i++) {
                    double[] s = new double[(int) len];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < len; j++) {
                        double dot = 0;
                        for (int d = 0; d < hd; d++) dot += q[i][h * hd + d] * k[j][h * hd + d];
                        s[j] = pad[n * (int) len + j] ? Double.NEGATIVE_INFINITY : dot / Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < len; j++) z += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j < len; j++) {
                        double a = s[j] / z;
                        wantW[n][i][j] += a / heads;
                        for (int d = 0; d < hd; d++) concat[i][h * hd + d] += a * v[j][h * hd + d];
                    }
                }
            }
            for (int i = 0; i < len; i++) {
                want[i][n] = new double[(int) e];
                for (int o = 0; o < e; o++) {
                    double acc = ob.getDouble(o);
                    for (int c = 0; c < e; c++) acc += ow.getDouble(o, c) * concat[i][c];
                    want[i][n][o] = acc;
                }
            }
        }
        for (int i = 0; i < len; i++) for (int n = 0; n < batch; n++) for (int o = 0; o < e; o++) {
            assertEquals(want[i][n][o], r[0].getDouble(i, n, o), 1e-5, "output[" + i + "," + n + "," + o + "]");
        }
        for (int n = 0; n < batch; n++) for (int i = 0; i < len; i++) for (int j = 0; j < len; j++) {
            assertEquals(wantW[n][i][j], r[1].getDouble(n, i, j), 1e-5, "weights[" + n + "," + i + "," + j + "]");
        }
        assertEquals(0.0, r[1].getDouble(0, 1, 2), "a padded key gets no attention");

        // batch_first with the same parameters gives the transposed result; a bool attn_mask equals its -inf form
        MultiheadAttention bf = new MultiheadAttention(e, heads, 0.0, true, true);
        bf.loadStateDict(mha.stateDict());
        Tensor[] rb = bf.forward(F.transpose(x, 0, 1), F.transpose(x, 0, 1), F.transpose(x, 0, 1), kpm, true, null, true);
        assertArrayEquals(F.contiguous(F.transpose(r[0], 0, 1)).floats(), F.contiguous(rb[0]).floats(), 1e-6f);
        Tensor causal = F.triu(F.ones(DType.BOOL, len, len), 1);
        Tensor[] m1 = mha.forward(x, x, x, null, true, causal, true);
        Tensor[] m2 = mha.forward(x, x, x, null, true, F.triu(F.full(new long[] {len, len}, Double.NEGATIVE_INFINITY), 1), true);
        assertArrayEquals(m1[0].floats(), m2[0].floats(), 1e-6f);
        assertEquals(0.0, m1[1].getDouble(1, 0, 2), "causal mask hides later keys");
    }

    private static double[][] proj(Tensor x, int n, Tensor w, Tensor b, int which, long e) {
        double[][] out = new double[(int) x.size(0)][(int) e];
        for (int i = 0; i < x.size(0); i++) {
            for (int o = 0; o < e; o++) {
                double acc = b.getDouble(which * e + o);
                for (int c = 0; c < e; c++) acc += w.getDouble(which * e + o, c) * x.getDouble(i, n, c);
                out[i][o] = acc;
            }
        }
        return out;
    }

    @Test
    void recurrentLayersGiveShapesAndAcceptUnbatchedInput() {
        Init.manualSeed(3);
        LSTM lstm = new LSTM(5, 6, 2, true, true, 0, true);
        lstm.eval();
        Tensor x = Init.normal(0, 1, 1, 4, 5);
        Tensor[] r = lstm.forward(x);
        assertArrayEquals(new long[] {1, 4, 12}, r[0].shape());
        assertArrayEquals(new long[] {4, 1, 6}, r[1].shape());
        assertArrayEquals(new long[] {4, 1, 6}, r[2].shape());
        Tensor[] u = lstm.forward(F.squeeze(x, 0));
        assertArrayEquals(new long[] {4, 12}, u[0].shape());
        assertArrayEquals(new long[] {4, 6}, u[2].shape());
        assertArrayEquals(F.contiguous(F.squeeze(r[0], 0)).floats(), F.contiguous(u[0]).floats(), 1e-6f);

        Tensor[] g = new GRU(5, 6).forward(F.transpose(x, 0, 1));
        assertArrayEquals(new long[] {4, 1, 6}, g[0].shape());
        Tensor[] rr = new RNN(5, 6, 1, "relu", true, false, 0, false).forward(F.transpose(x, 0, 1));
        assertTrue(rr[0].toDoubleArray().length == 24 && java.util.Arrays.stream(rr[0].toDoubleArray()).allMatch(v -> v >= 0));
    }

    @Test
    void sequentialRunsInOrderAndTracesChildScopes() {
        Init.manualSeed(5);
        Sequential s = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2), new LogSoftmax(-1));
        Tensor x = Init.normal(0, 1, 2, 3);
        Tensor want = F.logSoftmax(((Linear) s.get(2)).forward(F.relu(((Linear) s.get(0)).forward(x))), -1);
        assertArrayEquals(want.floats(), s.forward(x).floats(), 1e-6f);
        Graph g = Tracer.trace(s, x);
        String text = GraphPrinter.print(g, false);
        assertTrue(text.contains("%0.weight : Float(4, 3) = initializer"), text);
        assertTrue(text.contains("aten::relu(%") && text.contains("# 1 (ReLU)"), text);
        assertTrue(text.contains("# 3 (LogSoftmax)"), text);
    }
}
