package dev.onnxport.zoo;

import dev.onnxport.nn.Embedding;
import dev.onnxport.nn.F;
import dev.onnxport.nn.LSTM;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** {@code models.py: LSTMTagger}: embedding, 2-layer batch-first LSTM, linear, log_softmax. Input ids (B, T). */
public final class LstmTagger extends UnaryModule {
    /** Sizes; {@link #DEFAULT} is the fixture's lstm_tagger. */
    public record Config(long vocab, long d, long hidden, long tags) {
        public static final Config DEFAULT = new Config(500, 32, 48, 7);
    }

    private final Embedding emb;
    private final LSTM lstm;
    private final Linear out;

    public LstmTagger() { this(Config.DEFAULT); }

    public LstmTagger(Config c) {
        emb = registerModule("emb", new Embedding(c.vocab(), c.d()));
        lstm = registerModule("lstm", new LSTM(c.d(), c.hidden(), 2, true, true, 0, false));
        out = registerModule("out", new Linear(c.hidden(), c.tags()));
    }

    @Override
    protected Tensor compute(Tensor idx) {
        Tensor y = lstm.forward(emb.forward(idx))[0];
        return F.logSoftmax(out.forward(y), -1);
    }
}
