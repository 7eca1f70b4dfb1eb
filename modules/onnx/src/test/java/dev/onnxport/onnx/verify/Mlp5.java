package dev.onnxport.onnx.verify;

import dev.onnxport.nn.GELU;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.ReLU;
import dev.onnxport.tensor.Tensor;
import java.util.Random;

/** Linear -> GELU -> Linear -> ReLU -> Linear; each layer called on its own line, so nodes carry distinct sources. */
final class Mlp5 extends Module {
    /** Text on the line that calls the GELU, to find its line number in this file. */
    static final String GELU_MARKER = "// <- GELU call";

    private final Linear fc1 = registerModule("fc1", new Linear(4, 8));
    private final GELU act = registerModule("act", new GELU());
    private final Linear fc2 = registerModule("fc2", new Linear(8, 8));
    private final ReLU relu = registerModule("relu", new ReLU());
    private final Linear fc3 = registerModule("fc3", new Linear(8, 3));

    Tensor forward(Tensor x) {
        return scoped(() -> {
            Tensor h = fc1.forward(x);
            h = act.forward(h); // <- GELU call
            h = fc2.forward(h);
            h = relu.forward(h);
            return fc3.forward(h);
        });
    }

    @Override public Object invoke(Tensor... inputs) { return forward(inputs[0]); }

    static Tensor input(long batch, long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) batch * 4];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(v, batch, 4);
    }
}
