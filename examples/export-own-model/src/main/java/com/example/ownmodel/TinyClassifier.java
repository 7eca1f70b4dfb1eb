package com.example.ownmodel;

import dev.onnxport.nn.F;
import dev.onnxport.nn.LayerNorm;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.Tensor;

/** A small classifier: norm, two linear layers with GELU between. Parameter names follow PyTorch's. */
public final class TinyClassifier extends Module {
    private final LayerNorm norm = registerModule("norm", new LayerNorm(8));
    private final Linear hidden = registerModule("hidden", new Linear(8, 16));
    private final Linear head = registerModule("head", new Linear(16, 3));

    public Tensor forward(Tensor x) {
        return scoped(() -> F.softmax(head.forward(F.gelu(hidden.forward(norm.forward(x)))), -1));
    }

    @Override
    public Object invoke(Tensor... in) { return forward(in[0]); }
}
