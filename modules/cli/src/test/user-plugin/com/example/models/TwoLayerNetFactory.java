package com.example.models;

import dev.onnxport.nn.Module;
import dev.onnxport.spi.ModelFactory;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Registered in META-INF/services: the jar is an automatic module, so no module-info is needed. */
public final class TwoLayerNetFactory implements ModelFactory {
    @Override public String name() { return "user-two-layer"; }
    @Override public String description() { return "a user's two-layer network (plug-in test)"; }
    @Override public List<String> inputNames() { return List.of("x"); }
    @Override public List<String> outputNames() { return List.of("y"); }
    @Override public Map<String, Map<Integer, String>> dynamicAxes() { return Map.of("x", Map.of(0, "batch")); }
    @Override public Module create() { return dev.onnxport.nn.Init.seeded(0, TwoLayerNet::new).eval(); }
    @Override public Tensor[] exampleInputs() { return new Tensor[] {Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)}; }
}
