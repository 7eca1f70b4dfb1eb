package dev.onnxport.zoo;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.tensor.Tensor;

/** {@code models.py: MLP}: d_in-hidden-hidden-d_out with ReLU, then log_softmax over the last dim. */
public final class Mlp extends UnaryModule {
    /** Layer widths; {@link #DEFAULT} is the fixture's 784-256-256-10. */
    public record Config(long dIn, long hidden, long dOut) {
        public static final Config DEFAULT = new Config(784, 256, 10);
    }

    private final Linear fc1, fc2, fc3;

    public Mlp() { this(Config.DEFAULT); }

    public Mlp(Config c) {
        fc1 = registerModule("fc1", new Linear(c.dIn(), c.hidden()));
        fc2 = registerModule("fc2", new Linear(c.hidden(), c.hidden()));
        fc3 = registerModule("fc3", new Linear(c.hidden(), c.dOut()));
    }

    @Override
    protected Tensor compute(Tensor x) {
        return F.logSoftmax(fc3.forward(F.relu(fc2.forward(F.relu(fc1.forward(x))))), -1);
    }
}
