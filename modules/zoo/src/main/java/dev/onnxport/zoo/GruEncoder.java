package dev.onnxport.zoo;

import dev.onnxport.nn.GRU;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;

/** {@code models.py: GRUEncoder}: one bidirectional batch-first GRU; returns {y, h_n}. */
public final class GruEncoder extends Module {
    /** Sizes; {@link #DEFAULT} is the fixture's gru_bidir. */
    public record Config(long d, long hidden) {
        public static final Config DEFAULT = new Config(16, 24);
    }

    private final GRU gru;

    public GruEncoder() { this(Config.DEFAULT); }

    public GruEncoder(Config c) {
        gru = registerModule("gru", new GRU(c.d(), c.hidden(), 1, true, true, 0, true));
    }

    /** {@code x} (B, T, d); returns {y (B, T, 2 * hidden), h_n (2, B, hidden)}. */
    public Tensor[] forward(Tensor x) { return scoped(() -> gru.forward(x)); }

    @Override
    public Object invoke(Tensor... in) {
        if (in.length != 1) throw new IllegalArgumentException("GruEncoder takes 1 input, got " + in.length);
        return forward(in[0]);
    }
}
