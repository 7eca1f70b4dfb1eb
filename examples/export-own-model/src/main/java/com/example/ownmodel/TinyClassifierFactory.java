package com.example.ownmodel;

import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Makes {@code ./onnxport --plugin target/export-own-model-1.0.jar export --model tiny-classifier} work. */
public final class TinyClassifierFactory implements ModelFactory {
    @Override public String name() { return "tiny-classifier"; }
    @Override public String description() { return "the example project's classifier"; }
    @Override public List<String> inputNames() { return List.of("features"); }
    @Override public List<String> outputNames() { return List.of("probabilities"); }
    @Override public Map<String, Map<Integer, String>> dynamicAxes() { return Map.of("features", Map.of(0, "batch")); }

    @Override
    public Module create() {
        Module m = Init.seeded(42, TinyClassifier::new);
        m.eval();
        return m;
    }

    @Override
    public Tensor[] exampleInputs() {
        float[] x = new float[2 * 8];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        return new Tensor[] {Tensor.of(x, 2, 8)};
    }
}
