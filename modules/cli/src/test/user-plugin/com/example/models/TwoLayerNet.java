package com.example.models;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;

/** A user's own model, outside onnxport: what a plug-in jar brings to the command line. */
public final class TwoLayerNet extends Module {
    private final Linear fc1 = registerModule("fc1", new Linear(3, 5));
    private final Linear fc2 = registerModule("fc2", new Linear(5, 2));

    public Tensor forward(Tensor x) { return scoped(() -> fc2.forward(F.tanh(fc1.forward(x)))); }

    @Override public Object invoke(Tensor... in) { return forward(in[0]); }
}
