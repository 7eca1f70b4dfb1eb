package dev.onnxport.fallthrough.proof;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One fixture model of {@code shared/fixtures/models}: model.json, the zoo twin with the fixture's weights, its io files. */
record FixtureModel(String name, Path dir, Map<String, Object> info) {
    static final List<String> NAMES = Fixtures.MODELS;

    static FixtureModel load(String name) {
        Path dir = Fixtures.model(name);
        return new FixtureModel(name, dir, Fixtures.manifest(dir.resolve("model.json")));
    }

    @SuppressWarnings("unchecked")
    List<String> inputs() { return (List<String>) info.get("inputs"); }

    @SuppressWarnings("unchecked")
    List<String> outputs() { return (List<String>) info.get("outputs"); }

    /** The zoo model with the fixture's weights (strictly loaded). */
    Module model() {
        Module m = Models.get(name).create();
        m.loadStateDict(Safetensors.read(dir.resolve("weights.safetensors")));
        return m;
    }

    /** The tensors of {@code io.safetensors} or {@code io_alt.safetensors}. */
    Map<String, Tensor> io(String file) { return Safetensors.read(dir.resolve(file + ".safetensors")); }

    Tensor[] args(Map<String, Tensor> io) { return inputs().stream().map(io::get).toArray(Tensor[]::new); }

    Map<String, Tensor> feeds(Map<String, Tensor> io) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String in : inputs()) m.put(in, io.get(in));
        return m;
    }

    List<Tensor> expected(Map<String, Tensor> io) { return outputs().stream().map(io::get).toList(); }

    /** Export options as in the fixture: names and the dynamic axes of model.json, constant folding asked for. */
    @SuppressWarnings("unchecked")
    ExportOptions.Builder options(int opset) {
        ExportOptions.Builder b = ExportOptions.builder().opsetVersion(opset).doConstantFolding(true)
                .inputNames(inputs()).outputNames(outputs());
        Map<String, Object> axes = (Map<String, Object>) info.get("dynamic_axes");
        for (Map.Entry<String, Object> e : axes.entrySet()) {
            Map<Integer, String> m = new TreeMap<>();
            ((Map<String, Object>) e.getValue()).forEach((k, v) -> m.put(Integer.parseInt(k), (String) v));
            b.dynamicAxes(e.getKey(), m);
        }
        return b;
    }
}
