package dev.onnxport.ops.aten;

/**
 * The weights of one layer and direction of a recurrent op, as row-major double matrices:
 * {@code wIh} (gates*hidden x input), {@code wHh} (gates*hidden x hOut), optional biases (gates*hidden)
 * and, for an LSTM with projections, {@code wHr} (hOut x hidden).
 */
record RnnLayerWeights(double[] wIh, double[] wHh, double[] bIh, double[] bHh, double[] wHr, int hidden, int hOut) {

    /** W_ih x + b_ih. */
    double[] inputGates(double[] x) { return affine(wIh, x, bIh); }

    /** W_hh h + b_hh. */
    double[] hiddenGates(double[] h) { return affine(wHh, h, bHh); }

    /** W_hr h, or h itself without a projection. */
    double[] project(double[] h) { return wHr == null ? h : affine(wHr, h, null); }

    /** m v + b for a row-major matrix m with v.length columns. */
    static double[] affine(double[] m, double[] v, double[] b) {
        int cols = v.length;
        int rows = m.length / Math.max(cols, 1);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = b == null ? 0 : b[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) s += m[base + c] * v[c];
            out[r] = s;
        }
        return out;
    }
}
