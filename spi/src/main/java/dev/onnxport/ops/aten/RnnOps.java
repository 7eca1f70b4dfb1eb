package dev.onnxport.ops.aten;

import dev.onnxport.ops.Args;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.tensor.Tensor;
import java.util.Arrays;

/**
 * Aten ops: recurrent layers: lstm, gru, rnn_tanh, rnn_relu ({@code .input} overloads).
 * Not a hot path: plain loops in double over row-major weight matrices, one batch row and step at a time.
 */
final class RnnOps {
    private RnnOps() {}

    private static final String TAIL = "Tensor[] params, bool has_biases, int num_layers, float dropout, bool train, "
            + "bool bidirectional, bool batch_first)";

    public static void register(OpRegistry r) {
        r.register("aten::lstm.input(Tensor input, Tensor[] hx, " + TAIL + " -> (Tensor, Tensor, Tensor)",
                a -> RnnRun.of(a, RnnCell.LSTM).run(), a -> RnnRun.of(a, RnnCell.LSTM).shapes());
        r.register("aten::gru.input(Tensor input, Tensor hx, " + TAIL + " -> (Tensor, Tensor)",
                a -> RnnRun.of(a, RnnCell.GRU).run(), a -> RnnRun.of(a, RnnCell.GRU).shapes());
        r.register("aten::rnn_tanh.input(Tensor input, Tensor hx, " + TAIL + " -> (Tensor, Tensor)",
                a -> RnnRun.of(a, RnnCell.TANH).run(), a -> RnnRun.of(a, RnnCell.TANH).shapes());
        r.register("aten::rnn_relu.input(Tensor input, Tensor hx, " + TAIL + " -> (Tensor, Tensor)",
                a -> RnnRun.of(a, RnnCell.RELU).run(), a -> RnnRun.of(a, RnnCell.RELU).shapes());
    }

    /** One call of a recurrent op: its arguments checked and its sizes worked out. */
    private record RnnRun(Args a, RnnCell cell, String op, Tensor input, Tensor h0, Tensor c0, Tensor[] params,
                          boolean biases, boolean proj, int layers, int dirs, boolean batchFirst,
                          int steps, int batch, int hidden, int hOut) {

        static RnnRun of(Args a, RnnCell cell) {
            String op = a.op().qualifiedName();
            Tensor input = a.tensor(0);
            Tensor h0, c0 = null;
            if (cell == RnnCell.LSTM) {
                Tensor[] hx = a.tensors(1);
                if (hx.length != 2) throw new IllegalArgumentException(op + ": hx must be [h0, c0], got " + hx.length + " tensors");
                h0 = hx[0];
                c0 = hx[1];
            } else {
                h0 = a.tensor(1);
            }
            Tensor[] params = a.tensors(2);
            boolean biases = a.bool(3);
            long layersL = a.integer(4);
            int dirs = a.bool(7) ? 2 : 1;
            boolean batchFirst = a.bool(8);
            if (input.dim() != 3) {
                throw new IllegalArgumentException(op + ": input must be 3-d (seq, batch, feature) or (batch, seq, feature) "
                        + "with batch_first, got shape " + Arrays.toString(input.shape()));
            }
            if (!input.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": input must be floating point, got " + input.dtype());
            if (layersL < 1) throw new IllegalArgumentException(op + ": num_layers must be at least 1, got " + layersL);
            int layers = (int) layersL;
            int per = biases ? 4 : 2;
            boolean proj = false;
            if (cell == RnnCell.LSTM && params.length == layers * dirs * (per + 1)) proj = true;
            else if (params.length != layers * dirs * per) {
                throw new IllegalArgumentException(op + ": params has " + params.length + " tensors, expected " + layers * dirs * per
                        + " (w_ih, w_hh" + (biases ? ", b_ih, b_hh" : "") + " for each of " + layers + " layers x " + dirs + " directions)");
            }
            int steps = (int) input.size(batchFirst ? 1 : 0);
            int batch = (int) input.size(batchFirst ? 0 : 1);
            long gateRows = params[0].dim() == 2 ? params[0].size(0) : -1;
            if (gateRows <= 0 || gateRows % cell.gates != 0) {
                throw new IllegalArgumentException(op + ": w_ih of layer 0 has shape " + Arrays.toString(params[0].shape())
                        + ", expected (" + cell.gates + " * hidden_size, input_size)");
            }
            int hidden = (int) (gateRows / cell.gates);
            int hOut = proj ? (int) params[per].size(0) : hidden;
            RnnRun run = new RnnRun(a, cell, op, input, h0, c0, params, biases, proj, layers, dirs, batchFirst,
                    steps, batch, hidden, hOut);
            run.check();
            return run;
        }

        private int perLayerDir() { return (biases ? 4 : 2) + (proj ? 1 : 0); }

        private void check() {
            long[] hShape = {(long) layers * dirs, batch, hOut};
            expect(h0, cell == RnnCell.LSTM ? "hx[0] (h0)" : "hx", hShape);
            if (c0 != null) expect(c0, "hx[1] (c0)", new long[] {(long) layers * dirs, batch, hidden});
            int per = perLayerDir();
            for (int l = 0; l < layers; l++) {
                long in = l == 0 ? input.size(2) : (long) dirs * hOut;
                for (int d = 0; d < dirs; d++) {
                    int base = (l * dirs + d) * per;
                    String where = " of layer " + l + (d == 1 ? " (reverse)" : "");
                    expect(params[base], "w_ih" + where, new long[] {(long) cell.gates * hidden, in});
                    expect(params[base + 1], "w_hh" + where, new long[] {(long) cell.gates * hidden, hOut});
                    if (biases) {
                        expect(params[base + 2], "b_ih" + where, new long[] {(long) cell.gates * hidden});
                        expect(params[base + 3], "b_hh" + where, new long[] {(long) cell.gates * hidden});
                    }
                    if (proj) expect(params[base + per - 1], "w_hr" + where, new long[] {hOut, hidden});
                }
            }
        }

        private void expect(Tensor t, String what, long[] shape) {
            if (!Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException(op + ": " + what + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(shape));
            }
        }

        private long[] outputShape() {
            long f = (long) dirs * hOut;
            return batchFirst ? new long[] {batch, steps, f} : new long[] {steps, batch, f};
        }

        Tensor[] shapes() {
            Tensor out = Tensor.meta(input.dtype(), outputShape());
            Tensor hn = Tensor.meta(input.dtype(), (long) layers * dirs, batch, hOut);
            if (cell != RnnCell.LSTM) return new Tensor[] {out, hn};
            return new Tensor[] {out, hn, Tensor.meta(input.dtype(), (long) layers * dirs, batch, hidden)};
        }

        Tensor[] run() {
            double[][][] seq = timeMajor(input.toDoubleArray());
            double[] h0v = h0.toDoubleArray();
            double[] c0v = c0 == null ? null : c0.toDoubleArray();
            double[] hn = new double[layers * dirs * batch * hOut];
            double[] cn = c0 == null ? null : new double[layers * dirs * batch * hidden];
            boolean dropoutOn = a.bool(6) && a.real(5) > 0;
            for (int l = 0; l < layers; l++) {
                double[][][] next = new double[steps][batch][dirs * hOut];
                for (int d = 0; d < dirs; d++) {
                    int slot = l * dirs + d;
                    RnnLayerWeights w = weights(slot);
                    for (int b = 0; b < batch; b++) {
                        double[] h = Arrays.copyOfRange(h0v, (slot * batch + b) * hOut, (slot * batch + b + 1) * hOut);
                        double[] c = c0v == null ? null
                                : Arrays.copyOfRange(c0v, (slot * batch + b) * hidden, (slot * batch + b + 1) * hidden);
                        for (int k = 0; k < steps; k++) {
                            int t = d == 0 ? k : steps - 1 - k;
                            h = cell.step(w, seq[t][b], h, c);
                            System.arraycopy(h, 0, next[t][b], d * hOut, hOut);
                        }
                        System.arraycopy(h, 0, hn, (slot * batch + b) * hOut, hOut);
                        if (c != null) System.arraycopy(c, 0, cn, (slot * batch + b) * hidden, hidden);
                    }
                }
                if (dropoutOn && l < layers - 1) applyDropout(next, a.real(5));
                seq = next;
            }
            Tensor out = NormOps.fill(batchLayout(seq), Tensor.meta(input.dtype(), outputShape()));
            Tensor hT = NormOps.fill(hn, Tensor.meta(input.dtype(), (long) layers * dirs, batch, hOut));
            if (cn == null) return new Tensor[] {out, hT};
            return new Tensor[] {out, hT, NormOps.fill(cn, Tensor.meta(input.dtype(), (long) layers * dirs, batch, hidden))};
        }

        private RnnLayerWeights weights(int slot) {
            int base = slot * perLayerDir();
            return new RnnLayerWeights(
                    params[base].toDoubleArray(), params[base + 1].toDoubleArray(),
                    biases ? params[base + 2].toDoubleArray() : null, biases ? params[base + 3].toDoubleArray() : null,
                    proj ? params[base + perLayerDir() - 1].toDoubleArray() : null, hidden, hOut);
        }

        /** Input data as [time][batch][feature]. */
        private double[][][] timeMajor(double[] v) {
            int f = (int) input.size(2);
            double[][][] seq = new double[steps][batch][];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int row = batchFirst ? b * steps + t : t * batch + b;
                    seq[t][b] = Arrays.copyOfRange(v, row * f, (row + 1) * f);
                }
            }
            return seq;
        }

        /** [time][batch][feature] back to the output layout, flattened. */
        private double[] batchLayout(double[][][] seq) {
            int f = dirs * hOut;
            double[] out = new double[steps * batch * f];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int row = batchFirst ? b * steps + t : t * batch + b;
                    System.arraycopy(seq[t][b], 0, out, row * f, f);
                }
            }
            return out;
        }

        private static void applyDropout(double[][][] seq, double p) {
            int f = seq.length == 0 || seq[0].length == 0 ? 0 : seq[0][0].length;
            double[] mask = DropoutKernels.mask((long) seq.length * (seq.length == 0 ? 0 : seq[0].length) * f, p);
            int k = 0;
            for (double[][] step : seq) for (double[] row : step) for (int i = 0; i < f; i++) row[i] *= mask[k++];
        }
    }
}
