package dev.onnxport.ops.aten;

/** The per-step cell equations of PyTorch's recurrent layers (gate blocks in PyTorch's weight order). */
enum RnnCell {
    /** Gates i, f, g, o: c' = f c + i g, h' = o tanh(c') (then projected when w_hr is given). */
    LSTM(4) {
        @Override
        double[] step(RnnLayerWeights w, double[] x, double[] h, double[] c) {
            int n = w.hidden();
            double[] g = w.inputGates(x);
            double[] gh = w.hiddenGates(h);
            double[] out = new double[n];
            for (int j = 0; j < n; j++) {
                double i = sigmoid(g[j] + gh[j]);
                double f = sigmoid(g[n + j] + gh[n + j]);
                double cand = Math.tanh(g[2 * n + j] + gh[2 * n + j]);
                double o = sigmoid(g[3 * n + j] + gh[3 * n + j]);
                c[j] = f * c[j] + i * cand;
                out[j] = o * Math.tanh(c[j]);
            }
            return w.project(out);
        }
    },
    /** Gates r, z, n: n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h. */
    GRU(3) {
        @Override
        double[] step(RnnLayerWeights w, double[] x, double[] h, double[] c) {
            int n = w.hidden();
            double[] g = w.inputGates(x);
            double[] gh = w.hiddenGates(h);
            double[] out = new double[n];
            for (int j = 0; j < n; j++) {
                double r = sigmoid(g[j] + gh[j]);
                double z = sigmoid(g[n + j] + gh[n + j]);
                double cand = Math.tanh(g[2 * n + j] + r * gh[2 * n + j]);
                out[j] = (1 - z) * cand + z * h[j];
            }
            return out;
        }
    },
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    TANH(1) {
        @Override
        double[] step(RnnLayerWeights w, double[] x, double[] h, double[] c) {
            double[] g = sum(w.inputGates(x), w.hiddenGates(h));
            for (int j = 0; j < g.length; j++) g[j] = Math.tanh(g[j]);
            return g;
        }
    },
    /** h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
    RELU(1) {
        @Override
        double[] step(RnnLayerWeights w, double[] x, double[] h, double[] c) {
            double[] g = sum(w.inputGates(x), w.hiddenGates(h));
            for (int j = 0; j < g.length; j++) g[j] = Math.max(g[j], 0);
            return g;
        }
    };

    /** Number of gate blocks stacked in w_ih and w_hh. */
    final int gates;

    RnnCell(int gates) { this.gates = gates; }

    /**
     * One time step for one batch row: returns the new hidden state; an LSTM updates its cell state
     * {@code c} in place ({@code c} is null for the other cells).
     */
    abstract double[] step(RnnLayerWeights w, double[] x, double[] h, double[] c);

    private static double sigmoid(double v) { return 1.0 / (1.0 + Math.exp(-v)); }

    private static double[] sum(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) a[j] += b[j];
        return a;
    }
}
