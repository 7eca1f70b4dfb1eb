package dev.onnxport.onnx.models;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.Models;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One fixture model of {@code shared/fixtures/models}: its model.json, the zoo twin with weights, and exports. */
record ModelFixtures(String name, Path dir, Map<String, Object> info) {
    static final List<String> MODELS = Fixtures.MODELS;

    /** The fixture (fails under CI and skips otherwise when the fixtures are absent; fails when this model is). */
    static ModelFixtures load(String name) {
        Path dir = Fixtures.model(name);
        return new ModelFixtures(name, dir, Fixtures.manifest(dir.resolve("model.json")));
    }

    @SuppressWarnings("unchecked")
    List<String> inputs() { return (List<String>) info.get("inputs"); }

    @SuppressWarnings("unchecked")
    List<String> outputs() { return (List<String>) info.get("outputs"); }

    /** torch.onnx.export 1.13's node count at opset 17. */
    @SuppressWarnings("unchecked")
    int torchNodes() {
        return ((Number) ((Map<String, Object>) info.get("torch_onnx_1_13_opset17")).get("nodes")).intValue();
    }

    /** The zoo model with the fixture's weights (strictly loaded). */
    Module model() {
        Module m = Models.get(name).create();
        m.loadStateDict(Safetensors.read(dir.resolve("weights.safetensors")));
        return m;
    }

    /** The tensors of {@code io.safetensors} or {@code io_alt.safetensors}. */
    Map<String, Tensor> io(String file) { return Safetensors.read(dir.resolve(file + ".safetensors")); }

    Tensor[] args(Map<String, Tensor> io) {
        return inputs().stream().map(io::get).toArray(Tensor[]::new);
    }

    Map<String, Tensor> feeds(Map<String, Tensor> io) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String in : inputs()) m.put(in, io.get(in));
        return m;
    }

    List<Tensor> expected(Map<String, Tensor> io) {
        List<Tensor> out = new ArrayList<>();
        for (String o : outputs()) out.add(io.get(o));
        return out;
    }

    /** Export options as in the fixture: names, dynamic axes from model.json, constant folding on. */
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

    /** Exports the model on the io.safetensors inputs to {@code file}. */
    Path export(Module m, ExportOptions o, Path file) {
        OnnxExport.export(m, args(io("io")), file, o);
        return file;
    }

    static ModelProto read(Path file) throws IOException { return ModelProto.parseFrom(Files.readAllBytes(file)); }
}
