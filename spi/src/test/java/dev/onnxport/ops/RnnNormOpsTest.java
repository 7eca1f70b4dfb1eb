package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.ops.aten.DropoutKernels;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recurrent ops against a straightforward per-step reference written here from PyTorch's documented cell
 * equations, and batch_norm / dropout / embedding on hand-checked values.
 */
class RnnNormOpsTest {
    static final int T = 4, B = 3, I = 5, H = 6;

    // ---- recurrent ops ----------------------------------------------------------------------------

    @ParameterizedTest(name = "lstm layers={0} bidirectional={1} batch_first={2}")
    @CsvSource({"2,false,false", "2,false,true", "2,true,false", "2,true,true", "1,false,true"})
    void lstmMatchesReference(int layers, boolean bidir, boolean batchFirst) {
        checkAgainstReference(Cell.LSTM, layers, bidir, batchFirst);
    }

    @ParameterizedTest(name = "gru layers={0} bidirectional={1} batch_first={2}")
    @CsvSource({"1,true,false", "1,true,true", "2,true,false", "2,true,true"})
    void gruMatchesReference(int layers, boolean bidir, boolean batchFirst) {
        checkAgainstReference(Cell.GRU, layers, bidir, batchFirst);
    }

    @ParameterizedTest(name = "{0} layers=2 bidirectional=true batch_first={1}")
    @CsvSource({"TANH,false", "RELU,true"})
    void simpleRnnMatchesReference(Cell cell, boolean batchFirst) {
        checkAgainstReference(cell, 2, true, batchFirst);
    }

    enum Cell {
        LSTM(4, "aten::lstm.input"), GRU(3, "aten::gru.input"), TANH(1, "aten::rnn_tanh.input"), RELU(1, "aten::rnn_relu.input");
        final int gates;
        final String op;
        Cell(int gates, String op) { this.gates = gates; this.op = op; }
    }

    private static void checkAgainstReference(Cell cell, int layers, boolean bidir, boolean batchFirst) {
        Random rnd = new Random(42 + layers * 7 + (bidir ? 1 : 0));
        int dirs = bidir ? 2 : 1;
        float[] x = randoms(rnd, T * B * I);  // time-major (T, B, I)
        float[] h0 = randoms(rnd, layers * dirs * B * H);
        float[] c0 = randoms(rnd, layers * dirs * B * H);
        List<float[]> w = new ArrayList<>();
        List<Tensor> params = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? I : dirs * H;
            for (int d = 0; d < dirs; d++) {
                int[][] shapes = {{cell.gates * H, in}, {cell.gates * H, H}, {cell.gates * H}, {cell.gates * H}};
                for (int[] s : shapes) {
                    float[] v = randoms(rnd, s.length == 1 ? s[0] : s[0] * s[1]);
                    w.add(v);
                    params.add(s.length == 1 ? Tensor.of(v, s[0]) : Tensor.of(v, s[0], s[1]));
                }
            }
        }
        // batch_first input as a strided (B, T, I) view of the time-major data: also exercises non-contiguous reads.
        Tensor xt = Tensor.of(x, T, B, I);
        Tensor input = batchFirst ? xt.asStrided(new long[] {B, T, I}, new long[] {I, (long) B * I, 1}, 0) : xt;
        Tensor h0t = Tensor.of(h0, (long) layers * dirs, B, H), c0t = Tensor.of(c0, (long) layers * dirs, B, H);
        Object hx = cell == Cell.LSTM ? List.of(h0t, c0t) : h0t;
        Tensor[] got = AtenOps.registry().get(cell.op).call(input, hx, params, true, (long) layers, 0.0, false, bidir, batchFirst);

        double[][][] seq = new double[T][B][];
        for (int t = 0; t < T; t++) for (int b = 0; b < B; b++) seq[t][b] = slice(x, (t * B + b) * I, I);
        double[][][] hn = new double[layers * dirs][B][], cn = new double[layers * dirs][B][];
        for (int l = 0; l < layers; l++) {
            double[][][] next = new double[T][B][dirs * H];
            for (int d = 0; d < dirs; d++) {
                int slot = l * dirs + d;
                float[] wih = w.get(slot * 4), whh = w.get(slot * 4 + 1), bih = w.get(slot * 4 + 2), bhh = w.get(slot * 4 + 3);
                for (int b = 0; b < B; b++) {
                    double[] h = slice(h0, (slot * B + b) * H, H), c = slice(c0, (slot * B + b) * H, H);
                    for (int k = 0; k < T; k++) {
                        int t = d == 0 ? k : T - 1 - k;
                        double[] xin = seq[t][b];
                        double[] hNew = new double[H];
                        for (int j = 0; j < H; j++) {
                            switch (cell) {
                                case LSTM -> {
                                    double i = sig(gate(wih, bih, whh, bhh, 0, j, xin, h));
                                    double f = sig(gate(wih, bih, whh, bhh, 1, j, xin, h));
                                    double g = Math.tanh(gate(wih, bih, whh, bhh, 2, j, xin, h));
                                    double o = sig(gate(wih, bih, whh, bhh, 3, j, xin, h));
                                    c[j] = f * c[j] + i * g;
                                    hNew[j] = o * Math.tanh(c[j]);
                                }
                                case GRU -> {
                                    double r = sig(gate(wih, bih, whh, bhh, 0, j, xin, h));
                                    double z = sig(gate(wih, bih, whh, bhh, 1, j, xin, h));
                                    int row = 2 * H + j;
                                    double n = Math.tanh(dot(wih, row, xin) + bih[row] + r * (dot(whh, row, h) + bhh[row]));
                                    hNew[j] = (1 - z) * n + z * h[j];
                                }
                                case TANH -> hNew[j] = Math.tanh(gate(wih, bih, whh, bhh, 0, j, xin, h));
                                case RELU -> hNew[j] = Math.max(0, gate(wih, bih, whh, bhh, 0, j, xin, h));
                            }
                        }
                        h = hNew;
                        System.arraycopy(h, 0, next[t][b], d * H, H);
                    }
                    hn[slot][b] = h;
                    cn[slot][b] = c;
                }
            }
            seq = next;
        }

        long[] outShape = batchFirst ? new long[] {B, T, (long) dirs * H} : new long[] {T, B, (long) dirs * H};
        assertArrayEquals(outShape, got[0].shape(), "output shape");
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int f = 0; f < dirs * H; f++) {
                    double v = batchFirst ? got[0].getDouble(b, t, f) : got[0].getDouble(t, b, f);
                    assertEquals(seq[t][b][f], v, 1e-5, "output t=" + t + " b=" + b + " f=" + f);
                }
            }
        }
        assertEquals(cell == Cell.LSTM ? 3 : 2, got.length, "number of outputs");
        for (int s = 0; s < layers * dirs; s++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(hn[s][b][j], got[1].getDouble(s, b, j), 1e-5, "h_n " + s + "," + b + "," + j);
                    if (cell == Cell.LSTM) assertEquals(cn[s][b][j], got[2].getDouble(s, b, j), 1e-5, "c_n " + s + "," + b + "," + j);
                }
            }
        }
    }

    /** Pre-activation of gate block {@code g}, unit j: W_i x + b_i + W_h h + b_h. */
    private static double gate(float[] wih, float[] bih, float[] whh, float[] bhh, int g, int j, double[] x, double[] h) {
        int row = g * H + j;
        return dot(wih, row, x) + bih[row] + dot(whh, row, h) + bhh[row];
    }

    private static double dot(float[] m, int row, double[] v) {
        double s = 0;
        for (int k = 0; k < v.length; k++) s += m[row * v.length + k] * v[k];
        return s;
    }

    private static double sig(double v) { return 1 / (1 + Math.exp(-v)); }

    private static float[] randoms(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble() - 0.5);
        return v;
    }

    private static double[] slice(float[] v, int from, int len) {
        double[] out = new double[len];
        for (int i = 0; i < len; i++) out[i] = v[from + i];
        return out;
    }

    // ---- batch_norm, dropout, embedding -----------------------------------------------------------

    @Test
    void batchNormTrainingUsesBatchStatsAndUpdatesRunningStats() {
        // (N=2, C=2, L=2). Channel 0 holds 0,2,0,2: mean 1, biased var 1, unbiased 4/3.
        // Channel 1 holds 1,1,5,5: mean 3, biased var 4, unbiased 16/3.
        Tensor x = Tensor.of(new float[] {0, 2, 1, 1, 0, 2, 5, 5}, 2, 2, 2);
        Tensor weight = Tensor.of(new float[] {2, 1}), bias = Tensor.of(new float[] {0, 10});
        Tensor runMean = Tensor.of(new float[] {0, 1}), runVar = Tensor.of(new float[] {1, 1});
        Tensor y = AtenOps.registry().get("aten::batch_norm").call1(x, weight, bias, runMean, runVar, true, 0.1, 0.0, false);
        // ch0: 2 * (x - 1) / 1 + 0; ch1: 1 * (x - 3) / 2 + 10
        assertArrayEquals(new float[] {-2, 2, 9, 9, -2, 2, 11, 11}, y.floats(), 1e-6f);
        // running = 0.9 * running + 0.1 * batch stat (unbiased variance)
        assertArrayEquals(new float[] {0.1f, 1.2f}, runMean.floats(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.4f / 3, 0.9f + 1.6f / 3}, runVar.floats(), 1e-6f);
    }

    @Test
    void batchNormTrainingWithoutRunningStats() {
        Tensor x = Tensor.of(new double[] {0, 4, 2, 2}, 4, 1);  // mean 2, biased var 2
        Tensor y = AtenOps.registry().get("aten::batch_norm").call1(x, null, null, null, null, true, 0.1, 0.0, false);
        double s = Math.sqrt(2);
        assertArrayEquals(new double[] {-s, s, 0, 0}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void dropoutIsReproducibleFromSeedAndScalesKeptValues() {
        OpDef op = AtenOps.registry().get("aten::dropout");
        float[] ones = new float[1000];
        Arrays.fill(ones, 1f);
        Tensor in = Tensor.of(ones);
        DropoutKernels.manualSeed(7);
        float[] a = op.call1(in, 0.25, true).floats();
        DropoutKernels.manualSeed(7);
        float[] b = op.call1(in, 0.25, true).floats();
        assertArrayEquals(a, b);
        int kept = 0;
        for (float v : a) {
            assertTrue(v == 0f || Math.abs(v - 1 / 0.75f) < 1e-6, "value " + v);
            if (v != 0) kept++;
        }
        assertTrue(kept > 700 && kept < 800, "kept " + kept + " of 1000 at p=0.25");
        assertArrayEquals(ones, op.call1(in, 0.25, false).floats());
    }

    @Test
    void embeddingRejectsOutOfRangeIndex() {
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        OpDef op = AtenOps.registry().get("aten::embedding");
        assertArrayEquals(new float[] {3, 4, 1, 2}, op.call1(w, Tensor.of(new long[] {1, 0})).floats());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.call1(w, Tensor.of(new long[] {2})));
        assertTrue(e.getMessage().contains("aten::embedding") && e.getMessage().contains("2"), e.getMessage());
    }
}
